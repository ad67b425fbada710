// ServerLoopContext: what one server keeps on each of its event loops — the listener,
// the open connections and the drain state.
// Invariant: touched only on its loop; every connection it holds has a slot of the
// server's ConnectionBudget, given back when the connection closes.

/// Per-loop state of an HTTPServer.
final class ServerLoopContext {
    let configuration: HTTPServerConfiguration
    let timeouts: ConnectionTimeouts
    let handler: HTTPServer.Handler
    let budget: ConnectionBudget
    let loop: EventLoop
    var listener: Listener?
    private(set) var connections: [ObjectIdentifier: ServerConnection] = [:]
    private(set) var isDraining = false
    private var onDrained: (() -> Void)?

    init(configuration: HTTPServerConfiguration, handler: @escaping HTTPServer.Handler, loop: EventLoop,
         budget: ConnectionBudget) {
        self.configuration = configuration
        self.timeouts = ConnectionTimeouts(configuration: configuration)
        self.handler = handler
        self.loop = loop
        self.budget = budget
    }

    func connectionOpened(_ connection: ServerConnection) {
        connections[ObjectIdentifier(connection)] = connection
    }

    func connectionClosed(_ connection: ServerConnection) {
        guard connections.removeValue(forKey: ObjectIdentifier(connection)) != nil else { return }
        budget.giveBack()
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
