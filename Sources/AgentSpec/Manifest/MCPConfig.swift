// MCPConfig: `spec.mcp` — Model Context Protocol servers.

/// `spec.mcp`.
public struct MCPConfig: Sendable {
    public var servers: [MCPServer]
}

/// `spec.mcp.servers[]`.
public struct MCPServer: Sendable {
    /// How the agent talks to the server.
    public enum Transport: String, Sendable, CaseIterable { case stdio, sse, http }

    public var name: String
    public var transport: Transport
    public var command: String?
    public var args: [String] = []
    public var url: String?
    /// `env` entries in document order.
    public var env: [(name: String, value: RefOrLiteral)] = []
    public var healthCheckTimeoutSeconds: Int?
}
