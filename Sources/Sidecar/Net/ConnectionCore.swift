// ConnectionCore: what a connection is whatever its role — its descriptor on its loop,
// the output waiting for the socket, the events it is registered for, and the work it
// asked to do at the end of the tick. ServerConnection and UpstreamConnection each own
// one and add their protocol on top.
// Invariants: the loop is told about a connection's end-of-tick work once per tick
// however often it is asked for; epoll is told about an interest change only when the
// events differ from those registered.

import SystemCalls

/// Work a connection does once at the end of the tick.
struct TickWork: OptionSet {
    let rawValue: UInt8
    /// Parse input that waited (a paused body resumed, a pipelined request after a response).
    static let processInput = TickWork(rawValue: 1)
    /// Write what was appended during the tick, coalesced into as few sends as possible.
    static let flush = TickWork(rawValue: 2)
}

/// The role-independent part of a connection (loop-confined).
struct ConnectionCore {
    let fd: Int32
    let loop: EventLoop
    var output = OutputBuffer()
    private(set) var registeredEvents: UInt32 = 0
    /// What the connection asked to do at the end of this tick (empty: nothing scheduled).
    private(set) var tickWork: TickWork = []

    init(fd: Int32, loop: EventLoop) {
        self.fd = fd
        self.loop = loop
    }

    var isTickScheduled: Bool { !tickWork.isEmpty }

    /// Registers `handler` for `events` on the loop.
    mutating func register(_ handler: IOHandler, events: UInt32) throws(SystemError) {
        registeredEvents = events
        try loop.register(fd, handler: handler, events: events)
    }

    /// Adds `work` to the end of this tick; `task` is scheduled on the first request only.
    mutating func schedule(_ work: TickWork, for task: LoopTickTask) {
        let wasScheduled = isTickScheduled
        tickWork.formUnion(work)
        if !wasScheduled { loop.scheduleTick(task) }
    }

    /// The work scheduled for this tick, which is now due (the schedule is cleared).
    mutating func takeTickWork() -> TickWork {
        defer { tickWork = [] }
        return tickWork
    }

    /// Watches `events` from now on.
    mutating func setInterest(_ events: UInt32) {
        guard events != registeredEvents else { return }
        registeredEvents = events
        loop.modify(fd, events: events)
    }

    /// Stops watching and closes the descriptor; pending output is dropped.
    mutating func close(_ subject: TimeoutChecking) {
        loop.deregister(fd)
        Syscall.close(fd)
        loop.unwatchTimeouts(subject)
        output.discard()
    }
}
