// StopSignal: blocks the calling thread until SIGTERM or SIGINT arrives.
// The main thread waits on a semaphore rather than in dispatchMain, so the process also
// runs under valgrind (callgrind), whose dispatch manager thread crashes otherwise; the
// handler is not isolated to the main actor (it runs on its own queue).
import Dispatch
import Glibc

func waitForStopSignal() {
    signal(SIGTERM, SIG_IGN)
    signal(SIGINT, SIG_IGN)
    let stopRequested = DispatchSemaphore(value: 0)
    let queue = DispatchQueue(label: "proxybench.signals")
    let sources = [SIGTERM, SIGINT].map { DispatchSource.makeSignalSource(signal: $0, queue: queue) }
    for source in sources {
        source.setEventHandler { stopRequested.signal() }
        source.resume()
    }
    stopRequested.wait()
    withExtendedLifetime(sources) {}
}
