// AuditRule: one compliance rule — its stable id, pack, severity, evidence level and
// the check it makes on a decoded manifest. Ids, packs, severities and conditions are
// the ones AgentSpec users know (reports, suppressions and CI gates refer to them).

/// How bad a failed rule is; the weight is what the score counts.
public enum Severity: String, Sendable, CaseIterable {
    case critical, high, medium, low

    public var weight: Int {
        switch self {
        case .critical: return 4
        case .high: return 3
        case .medium: return 2
        case .low: return 1
        }
    }
}

/// How a rule could be proven beyond the manifest.
public enum EvidenceLevel: String, Sendable, CaseIterable {
    case declarative, probed, behavioral, external
}

/// What a rule's check found.
public enum RuleCheck: Sendable, Equatable {
    case pass
    /// Failed: why, and the JSON pointer of the field to look at.
    case fail(String, pointer: String)
}

/// One rule of the catalogue.
public struct AuditRule: Sendable {
    public let id: String
    public let pack: CompliancePack
    public let severity: Severity
    public let evidence: EvidenceLevel
    public let title: String
    public let recommendation: String
    let check: @Sendable (Manifest) -> RuleCheck

    public func evaluate(_ manifest: Manifest) -> RuleCheck { check(manifest) }

    public static func rule(id: String) -> AuditRule? { catalogue.first { $0.id == id } }
}

extension RuleCheck {
    /// `.pass` when the condition holds, else a failure at `pointer`.
    static func when(_ condition: Bool, _ message: @autoclosure () -> String, _ pointer: String) -> RuleCheck {
        condition ? .pass : .fail(message(), pointer: pointer)
    }
}
