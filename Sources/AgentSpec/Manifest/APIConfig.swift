// APIConfig: `spec.api` and `spec.skills[]` — how the agent is exposed.

/// `spec.api`.
public struct APIConfig: Sendable {
    /// The kind of endpoint.
    public enum Kind: String, Sendable, CaseIterable { case rest, mcp, grpc, websocket }

    public var type: Kind
    public var port: Int?
    public var pathPrefix: String?
    public var auth: APIAuth?
    public var requestsPerMinute: Int?
    public var requestsPerHour: Int?
    public var streaming: Bool = false
    public var healthEndpoint: String?
    public var metricsEndpoint: String?
    public var corsOrigins: [String] = []
    public var chatEndpoint: ChatEndpoint?
}

/// `spec.api.auth`.
public struct APIAuth: Sendable {
    /// The authentication scheme.
    public enum Kind: String, Sendable, CaseIterable { case jwt, apikey, oauth2, none }

    public var type: Kind
    public var jwksUri: RefOrLiteral?
    public var header: String?
}

/// `spec.api.chatEndpoint` (defaults are the schema's).
public struct ChatEndpoint: Sendable {
    /// The wire protocol of the chat endpoint.
    public enum ChatProtocol: String, Sendable, CaseIterable { case openaiCompatible = "openai-compatible", custom }
    /// Whether conversation history is kept per thread.
    public enum SessionMode: String, Sendable, CaseIterable { case stateful, stateless }

    public var path: String = "/v1/chat"
    public var chatProtocol: ChatProtocol = .openaiCompatible
    public var streaming: Bool = true
    public var sessionMode: SessionMode = .stateful
    public var threadIdHeader: String = "X-Thread-Id"
}

/// `spec.skills[]`.
public struct Skill: Sendable {
    public var id: String
    public var version: String?
}
