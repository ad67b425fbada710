// EventLoop: one thread running epoll over non-blocking sockets.
// Invariants: every IOHandler, timer and loop-local object is touched only on the loop's
// own thread; `execute` is the one thread-safe entry point (a locked queue plus an
// eventfd wake-up). Timeouts are checked by a periodic sweep, so no per-request timer
// is allocated.
import CSystemShims
import Glibc
import Synchronization
import SystemCalls

/// Nanoseconds from `since` to `now`, zero when `since` is later: a timestamp taken
/// after the tick's `now` must never wrap around into an expired deadline.
func elapsed(_ now: UInt64, since: UInt64) -> UInt64 { now > since ? now - since : 0 }

/// Receives readiness events for one registered file descriptor.
protocol IOHandler: AnyObject {
    func handleIO(events: UInt32)
}

/// Work an object asked to do once at the end of the current tick (coalesced writes,
/// resumed parsing); scheduling is allocation-free.
protocol LoopTickTask: AnyObject {
    func runTickTask()
}

/// An object whose deadlines the loop checks on every sweep.
protocol TimeoutChecking: AnyObject {
    func checkTimeouts(now: UInt64)
}

/// A single-threaded epoll event loop. Objects it owns are confined to its thread.
package final class EventLoop: @unchecked Sendable {
    /// How often deadlines are checked. Timeouts are therefore accurate to this much.
    static let sweepIntervalNanos: UInt64 = 100_000_000

    let epollFD: Int32
    private let wakeFD: Int32
    private let queue = Mutex<[@Sendable () -> Void]>([])
    private let stopRequested = Atomic<Bool>(false)
    private var threadID: pthread_t?
    /// The handler of each registered descriptor, indexed by the descriptor: the kernel
    /// hands out the lowest free numbers, so the table stays dense, and an event finds
    /// its handler without hashing.
    private var handlers: [IOHandler?] = []
    private var timeoutSubjects: [ObjectIdentifier: TimeoutChecking] = [:]
    private var tickTasks: [LoopTickTask] = []
    private var runningTickTasks: [LoopTickTask] = []
    private var timers: [(deadline: UInt64, id: Int, action: () -> Void)] = []
    private var nextTimerID = 0
    private var lastSweep: UInt64 = 0
    /// Loop-local storage, e.g. one upstream pool per proxy per loop.
    var locals: [ObjectIdentifier: AnyObject] = [:]
    private var cachedDate: (second: Int, text: String) = (-1, "")

    /// The current time as a Date header value, formatted at most once per second.
    var httpDate: String {
        let second = Int(time(nil))
        if second != cachedDate.second { cachedDate = (second, HTTPDate.imfFixdate(epochSeconds: second)) }
        return cachedDate.text
    }

    /// Per-loop generator for request ids.
    var random = FastRandom()
    /// Per-loop read buffer shared by every connection on this loop.
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    /// The monotonic time at the start of the current tick, in nanoseconds.
    private(set) var now: UInt64 = EventLoop.monotonicNanos()

    package init() throws(SystemError) {
        epollFD = try Syscall.epollCreate()
        wakeFD = try Syscall.eventfd()
        try Syscall.epollControl(epollFD, CSHIM_EPOLL_CTL_ADD, wakeFD, events: CSHIM_EPOLLIN)
    }

    deinit {
        Syscall.close(wakeFD)
        Syscall.close(epollFD)
        readBuffer.deallocate()
    }

    static func monotonicNanos() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// True when called on this loop's thread.
    package var inEventLoop: Bool {
        guard let threadID else { return false }
        return pthread_equal(threadID, pthread_self()) != 0
    }

    /// Runs `task` on the loop thread, from any thread.
    package func execute(_ task: @escaping @Sendable () -> Void) {
        queue.withLock { $0.append(task) }
        Syscall.eventfdSignal(wakeFD)
    }

    /// Runs `task.runTickTask()` once after this tick's events (loop only). The caller
    /// keeps its own "already scheduled" flag.
    func scheduleTick(_ task: LoopTickTask) { tickTasks.append(task) }

    /// Calls `action` on the loop after `delayNanos`; returns an id for `cancelTimer`.
    @discardableResult
    func schedule(afterNanos delayNanos: UInt64, _ action: @escaping () -> Void) -> Int {
        nextTimerID += 1
        timers.append((EventLoop.monotonicNanos() + delayNanos, nextTimerID, action))
        return nextTimerID
    }

    func cancelTimer(_ id: Int) { timers.removeAll { $0.id == id } }

    func register(_ fd: Int32, handler: IOHandler, events: UInt32) throws(SystemError) {
        try Syscall.epollControl(epollFD, CSHIM_EPOLL_CTL_ADD, fd, events: events)
        let slot = Int(fd)
        if slot >= handlers.count { handlers.append(contentsOf: repeatElement(nil, count: slot + 1 - handlers.count)) }
        handlers[slot] = handler
    }

    func modify(_ fd: Int32, events: UInt32) {
        _ = try? Syscall.epollControl(epollFD, CSHIM_EPOLL_CTL_MOD, fd, events: events)
    }

    /// Removes `fd` from the epoll set and forgets its handler (before closing it).
    func deregister(_ fd: Int32) {
        _ = try? Syscall.epollControl(epollFD, CSHIM_EPOLL_CTL_DEL, fd, events: 0)
        if Int(fd) < handlers.count { handlers[Int(fd)] = nil }
    }

    func watchTimeouts(_ subject: TimeoutChecking) { timeoutSubjects[ObjectIdentifier(subject)] = subject }
    func unwatchTimeouts(_ subject: TimeoutChecking) { timeoutSubjects[ObjectIdentifier(subject)] = nil }

    /// Asks the loop to return from `run` after its current tick.
    package func requestStop() {
        stopRequested.store(true, ordering: .releasing)
        Syscall.eventfdSignal(wakeFD)
    }

    /// Runs the loop on the calling thread until `requestStop`.
    func run() {
        threadID = pthread_self()
        let capacity: Int32 = 256
        let fds = UnsafeMutablePointer<Int32>.allocate(capacity: Int(capacity))
        let masks = UnsafeMutablePointer<UInt32>.allocate(capacity: Int(capacity))
        defer { fds.deallocate(); masks.deallocate() }
        while !stopRequested.load(ordering: .acquiring) {
            let timeout: Int32 = tickTasks.isEmpty ? Int32(EventLoop.sweepIntervalNanos / 1_000_000) : 0
            let count = (try? Syscall.epollWait(epollFD, fds: fds, masks: masks, capacity: capacity, timeoutMs: timeout)) ?? 0
            now = EventLoop.monotonicNanos()
            for index in 0..<count {
                let fd = fds[index]
                if fd == wakeFD {
                    Syscall.eventfdDrain(wakeFD)
                    continue
                }
                // Read out first: the handler may register descriptors, growing the table.
                let handler = Int(fd) < handlers.count ? handlers[Int(fd)] : nil
                handler?.handleIO(events: masks[index])
            }
            runQueuedTasks()
            runTickTasks()
            if now &- lastSweep >= EventLoop.sweepIntervalNanos {
                lastSweep = now
                sweep()
                runTickTasks()
            }
        }
        // The loop is stopping: release every descriptor it still owns.
        for fd in handlers.indices where handlers[fd] != nil { Syscall.close(Int32(fd)) }
        handlers.removeAll()
        timeoutSubjects.removeAll()
        locals.removeAll()
    }

    private func runQueuedTasks() {
        let tasks = queue.withLock { queued -> [@Sendable () -> Void] in
            let tasks = queued
            queued.removeAll()
            return tasks
        }
        for task in tasks { task() }
    }

    /// Runs scheduled tick tasks; tasks scheduled meanwhile run in the next round, with
    /// a bound so a task that keeps rescheduling itself cannot starve I/O.
    private func runTickTasks() {
        var rounds = 0
        while !tickTasks.isEmpty && rounds < 16 {
            swap(&tickTasks, &runningTickTasks)
            for task in runningTickTasks { task.runTickTask() }
            runningTickTasks.removeAll(keepingCapacity: true)
            rounds += 1
        }
    }

    private func sweep() {
        for subject in Array(timeoutSubjects.values) { subject.checkTimeouts(now: now) }
        let due = timers.filter { $0.deadline <= now }
        if !due.isEmpty {
            timers.removeAll { $0.deadline <= now }
            for timer in due { timer.action() }
        }
    }
}

/// A fixed set of event loops, one thread each.
package final class EventLoopGroup: Sendable {
    package let loops: [EventLoop]
    private let cursor = Atomic<Int>(0)
    private let finishedCount = Atomic<Int>(0)

    /// Starts `threads` loops (default: one per available core).
    package init(threads: Int? = nil) throws(SystemError) {
        let count = max(1, threads ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        var loops: [EventLoop] = []
        for _ in 0..<count { loops.append(try EventLoop()) }
        self.loops = loops
        for loop in loops {
            let group = self
            let thread = LoopThread {
                loop.run()
                group.finishedCount.add(1, ordering: .releasing)
            }
            thread.start()
        }
    }

    /// The next loop in round-robin order.
    package func next() -> EventLoop {
        loops[cursor.add(1, ordering: .relaxed).oldValue % loops.count]
    }

    /// Stops every loop after its current tick and waits for the threads to finish.
    package func shutdown() {
        for loop in loops { loop.requestStop() }
        while finishedCount.load(ordering: .acquiring) < loops.count { usleep(1000) }
    }
}
