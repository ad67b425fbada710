// ServerLoopContext: what one server keeps on each of its event loops — the listener,
// the open connections and the drain state.
// Invariant: touched only on its loop; the connection count on a loop never exceeds
// its share of `maxConnections` (the listener stops accepting at the cap).

/// Per-loop state of an HTTPServer.
final class ServerLoopContext {
    let configuration: HTTPServerConfiguration
    let timeouts: ConnectionTimeouts
    let handler: HTTPServer.Handler
    let maxConnections: Int
    let loop: EventLoop
    var listener: Listener?
    private(set) var connections: [ObjectIdentifier: ServerConnection] = [:]
    private(set) var isDraining = false
    private var onDrained: (() -> Void)?

    init(configuration: HTTPServerConfiguration, handler: @escaping HTTPServer.Handler, loop: EventLoop, loopCount: Int) {
        self.configuration = configuration
        self.timeouts = ConnectionTimeouts(configuration: configuration)
        self.handler = handler
        self.loop = loop
        self.maxConnections = max(1, (configuration.maxConnections + loopCount - 1) / loopCount)
    }

    var isFull: Bool { connections.count >= maxConnections }

    func connectionOpened(_ connection: ServerConnection) {
        connections[ObjectIdentifier(connection)] = connection
        if isFull { listener?.pauseAccepting() }
    }

    func connectionClosed(_ connection: ServerConnection) {
        connections[ObjectIdentifier(connection)] = nil
        if !isDraining && !isFull { listener?.resumeAccepting() }
        if isDraining && connections.isEmpty { finishDrain() }
    }

    /// Stops accepting, closes idle connections and lets busy ones finish; after
    /// `drainTimeoutNanos` closes whatever remains. Calls `completion` once when empty.
    func beginDrain(completion: @escaping () -> Void) {
        isDraining = true
        onDrained = completion
        listener?.close()
        listener = nil
        for connection in Array(connections.values) { connection.beginDrain() }
        if connections.isEmpty { finishDrain(); return }
        loop.schedule(afterNanos: configuration.drainTimeoutNanos) { [weak self] in
            guard let self else { return }
            for connection in Array(self.connections.values) { connection.close() }
            self.finishDrain()
        }
    }

    private func finishDrain() {
        guard let onDrained else { return }
        self.onDrained = nil
        onDrained()
    }
}
