// Manifest: the decoded `agent.yaml`. Types mirror the schema section by section; a
// value of these types has passed every field constraint (cross-field checks are
// reported separately, so a manifest with such problems still decodes).

/// A whole AgentSpec manifest.
public struct Manifest: Sendable {
    public static let apiVersion = "agentspec.io/v1"
    public static let kind = "AgentSpec"

    public var metadata: Metadata
    public var spec: Spec
}

/// `metadata`: identity and version.
public struct Metadata: Sendable {
    public var name: String
    public var version: String
    public var description: String
    public var tags: [String] = []
    public var author: String?
    public var license: String?
}

/// `spec`: all runtime configuration.
public struct Spec: Sendable {
    public var model: ModelConfig
    public var prompts: Prompts
    public var tools: [Tool] = []
    public var mcp: MCPConfig?
    public var memory: Memory?
    public var subagents: [Subagent] = []
    public var api: APIConfig?
    public var skills: [Skill] = []
    public var guardrails: Guardrails?
    public var humanInTheLoop: HumanInTheLoop?
    public var evaluation: Evaluation?
    public var observability: Observability?
    public var compliance: Compliance?
    public var requires: Requirements?
}
