// ModelConfig: `spec.model` — the primary LLM, its parameters, fallback and cost limits.

/// `spec.model`.
public struct ModelConfig: Sendable {
    public var provider: String
    public var id: String
    public var apiKey: RefOrLiteral
    public var parameters: ModelParameters?
    public var fallback: ModelFallback?
    public var costControls: CostControls?
}

/// `spec.model.parameters`.
public struct ModelParameters: Sendable {
    public var temperature: Double?
    public var maxTokens: Int?
    public var topP: Double?
    public var frequencyPenalty: Double?
    public var presencePenalty: Double?
}

/// `spec.model.fallback`: the model used when the primary fails.
public struct ModelFallback: Sendable {
    /// What makes the fallback take over.
    public enum Trigger: String, Sendable, CaseIterable {
        case rateLimit = "rate_limit", timeout, error5xx = "error_5xx", error4xx = "error_4xx"
    }

    public var provider: String
    public var id: String
    public var apiKey: RefOrLiteral
    public var triggerOn: [Trigger] = []
    public var maxRetries: Int?
}

/// `spec.model.costControls`.
public struct CostControls: Sendable {
    public var maxMonthlyUSD: Double?
    public var alertAtUSD: Double?
}
