// Subagent: `spec.subagents[]` — agents this one delegates to, local or over A2A.

/// `spec.subagents[]`.
public struct Subagent: Sendable {
    /// How the subagent is run.
    public enum Invocation: String, Sendable, CaseIterable { case parallel, sequential, onDemand = "on-demand" }

    /// Where the subagent lives: exactly one of a local manifest or a remote A2A endpoint.
    public enum Reference: Sendable {
        case local(path: String)
        case a2a(A2AEndpoint)
    }

    public var name: String
    public var ref: Reference
    public var invocation: Invocation
    public var passContext: Bool = false
    public var triggerKeywords: [String] = []
}

/// `spec.subagents[].ref.a2a`.
public struct A2AEndpoint: Sendable {
    /// How the remote agent authenticates us.
    public enum AuthType: String, Sendable, CaseIterable { case bearer, apikey, none }

    public var url: RefOrLiteral
    public var authType: AuthType?
    public var token: RefOrLiteral?
    public var header: String?
}
