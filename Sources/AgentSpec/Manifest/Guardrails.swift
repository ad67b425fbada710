// Guardrails: `spec.guardrails` — input and output filters, each a union discriminated
// by its `type` field.

/// `spec.guardrails`.
public struct Guardrails: Sendable {
    public var input: [InputGuardrail] = []
    public var output: [OutputGuardrail] = []
}

/// What a guardrail does when it fires.
public enum GuardrailAction: String, Sendable, CaseIterable {
    case reject, warn, log, scrub, retry
}

/// `spec.guardrails.input[]`.
public enum InputGuardrail: Sendable {
    case topicFilter(blockedTopics: [String], action: GuardrailAction, message: String?)
    case piiDetector(action: GuardrailAction, fields: [String])
    case promptInjection(action: GuardrailAction, sensitivity: Sensitivity?)
    case custom(module: String, function: String, action: GuardrailAction)

    /// The discriminator values, in the schema's order.
    public static let types = ["topic-filter", "pii-detector", "prompt-injection", "custom"]

    /// How eagerly prompt injection is flagged.
    public enum Sensitivity: String, Sendable, CaseIterable { case low, medium, high }

    /// The `type` value.
    public var type: String {
        switch self {
        case .topicFilter: return "topic-filter"
        case .piiDetector: return "pii-detector"
        case .promptInjection: return "prompt-injection"
        case .custom: return "custom"
        }
    }
}

/// `spec.guardrails.output[]`.
public enum OutputGuardrail: Sendable {
    case hallucinationDetector(threshold: Double, action: GuardrailAction, maxRetries: Int?)
    case toxicityFilter(threshold: Double, action: GuardrailAction)
    case piiDetector(action: GuardrailAction, fields: [String])
    case custom(module: String, function: String, action: GuardrailAction)

    /// The discriminator values, in the schema's order.
    public static let types = ["hallucination-detector", "toxicity-filter", "pii-detector", "custom"]

    /// The `type` value.
    public var type: String {
        switch self {
        case .hallucinationDetector: return "hallucination-detector"
        case .toxicityFilter: return "toxicity-filter"
        case .piiDetector: return "pii-detector"
        case .custom: return "custom"
        }
    }
}
