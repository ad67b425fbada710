// Requirements: `spec.requires` — runtime prerequisites checked before deployment.

/// `spec.requires`.
public struct Requirements: Sendable {
    public var envVars: [String] = []
    public var services: [RequiredService] = []
    public var minimumMemoryMB: Int?
    public var nodeVersion: String?
    public var pythonVersion: String?
}

/// `spec.requires.services[]`.
public struct RequiredService: Sendable {
    /// The kind of service.
    public enum Kind: String, Sendable, CaseIterable { case postgres, redis, mysql, mongodb, elasticsearch }

    public var type: Kind
    public var connection: RefOrLiteral
}
