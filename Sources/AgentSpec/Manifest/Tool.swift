// Tool: `spec.tools[]` — function tools and their MCP-style behaviour hints.

/// `spec.tools[]`.
public struct Tool: Sendable {
    /// How the tool is provided.
    public enum Kind: String, Sendable, CaseIterable { case function, mcp, builtin }

    public var name: String
    public var type: Kind
    public var description: String
    public var module: String?
    public var function: String?
    public var annotations: ToolAnnotations?

    /// True when the tool declares it may delete or overwrite data.
    public var isDestructive: Bool { annotations?.destructiveHint == true }
}

/// `spec.tools[].annotations`.
public struct ToolAnnotations: Sendable {
    public var readOnlyHint: Bool?
    public var destructiveHint: Bool?
    public var idempotentHint: Bool?
    public var openWorldHint: Bool?
}
