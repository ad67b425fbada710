// Prompts: `spec.prompts` — the system prompt and the variables injected into it.

/// `spec.prompts`.
public struct Prompts: Sendable {
    public var system: RefOrLiteral
    public var fallback: String?
    public var hotReload: Bool = false
    public var variables: [PromptVariable] = []
}

/// `spec.prompts.variables[]`.
public struct PromptVariable: Sendable {
    public var name: String
    public var value: RefOrLiteral
}
