// Observability: `spec.observability` — tracing, metrics and logging.

/// `spec.observability`.
public struct Observability: Sendable {
    public var tracing: Tracing?
    public var metrics: Metrics?
    public var logging: Logging?
}

/// `spec.observability.tracing`.
public struct Tracing: Sendable {
    /// The tracing backend.
    public enum Backend: String, Sendable, CaseIterable { case langfuse, langsmith, agentops, otel, honeycomb, datadog }

    public var backend: Backend
    public var endpoint: RefOrLiteral?
    public var publicKey: RefOrLiteral?
    public var secretKey: RefOrLiteral?
    public var sampleRate: Double = 1.0
}

/// `spec.observability.metrics`.
public struct Metrics: Sendable {
    /// The metrics backend.
    public enum Backend: String, Sendable, CaseIterable { case opentelemetry, prometheus, datadog }

    public var backend: Backend
    public var endpoint: RefOrLiteral?
    public var serviceName: String?
}

/// `spec.observability.logging`.
public struct Logging: Sendable {
    /// The least severe level written.
    public enum Level: String, Sendable, CaseIterable { case debug, info, warn, error }

    public var level: Level = .info
    /// nil when the manifest leaves it out (the default is structured).
    public var structured: Bool?
    public var redactFields: [String] = []
}
