// LoopThread: a detached POSIX thread that runs one closure (an event loop).
// Invariant: the closure is retained until the thread has run it.
import Glibc

/// A minimal detached pthread wrapper, so the network layer needs no Foundation.
final class LoopThread: Sendable {
    private let body: @Sendable () -> Void

    init(body: @escaping @Sendable () -> Void) {
        self.body = body
    }

    func start() {
        let box = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { raw in
            let me = Unmanaged<LoopThread>.fromOpaque(raw!).takeRetainedValue()
            me.body()
            return nil
        }, box)
        if result == 0 { pthread_detach(thread) } else { Unmanaged<LoopThread>.fromOpaque(box).release() }
    }
}
