// Compliance: `spec.compliance` — audit packs and suppressions of known violations.

/// `spec.compliance`.
public struct Compliance: Sendable {
    /// How often audits run.
    public enum Schedule: String, Sendable, CaseIterable { case daily, weekly, monthly, onChange = "on-change" }

    public var packs: [CompliancePack] = []
    public var suppressions: [Suppression] = []
    public var auditSchedule: Schedule?
}

/// A group of audit rules.
public enum CompliancePack: String, Sendable, CaseIterable, Comparable {
    case owaspLLMTop10 = "owasp-llm-top10", memoryHygiene = "memory-hygiene"
    case modelResilience = "model-resilience", evaluationCoverage = "evaluation-coverage"
    case observability, metadataQuality = "metadata-quality"

    public static func < (a: CompliancePack, b: CompliancePack) -> Bool { a.rawValue < b.rawValue }
}

/// `spec.compliance.suppressions[]`: skip one rule, with a reason and an optional expiry.
public struct Suppression: Sendable {
    public var rule: String
    public var reason: String
    public var approvedBy: String?
    /// `YYYY-MM-DD`; the suppression ends at 00:00 UTC that day.
    public var expires: String?
    /// Where the entry is, for reports.
    public var position: SourcePosition
    /// Index in the suppressions list, for reports.
    public var index: Int
}
