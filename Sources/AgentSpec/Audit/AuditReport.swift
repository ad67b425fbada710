// AuditReport: what an audit found — score, grade, per-pack scores, each rule's
// outcome, violations with their manifest path and line:col, and every suppression
// with its state. AuditReport+JSON.swift renders the machine-readable form.

/// One rule's outcome.
public struct RuleResult: Sendable {
    /// Passed, failed, or skipped by an active suppression.
    public enum Status: String, Sendable { case passed, failed, suppressed }
    public var rule: AuditRule
    public var status: Status
}

/// A failed rule, as reports show it.
public struct Violation: Sendable {
    public var ruleId: String
    public var severity: Severity
    public var title: String
    public var message: String
    /// JSON pointer into the manifest.
    public var path: String
    public var recommendation: String
    public var evidenceLevel: EvidenceLevel
    public var position: SourcePosition?
}

/// One pack's rules by outcome. A suppressed rule counts as passed in its pack's score,
/// as the old AgentSpec tool counted it (so `categoryScores` agree with its reports);
/// in the overall score it counts for nothing (its weight is removed).
public struct PackScore: Sendable {
    public var pack: CompliancePack
    /// Rules that passed their check.
    public var passed: Int
    /// Rules skipped by an active suppression.
    public var suppressed: Int
    /// Every rule of the pack that was audited (passed, failed or suppressed).
    public var total: Int

    public var failed: Int { total - passed - suppressed }

    /// round(100 × (passed + suppressed) / total); 100 for a pack with no rules.
    public var score: Int { AuditReport.percent(passed + suppressed, of: total) }
}

/// A suppression and whether it applies.
public struct SuppressionState: Sendable {
    public var rule: String
    public var reason: String
    public var approvedBy: String?
    public var expires: String?
    public var isActive: Bool
    public var isExpired: Bool
    public var isUnknownRule: Bool
    public var path: String
    public var position: SourcePosition

    /// Why the suppression needs attention, if it does.
    public var finding: String? {
        if isUnknownRule { return "suppression names unknown rule \(rule)" }
        if isExpired { return "suppression of \(rule) expired on \(expires ?? "")" }
        return nil
    }
}

/// The result of an audit.
public struct AuditReport: Sendable {
    /// The audited agent's `metadata.name`.
    public var agentName: String
    /// round(100 × passed weight / weight of the rules not suppressed); 100 when none are.
    public var score: Int
    public var grade: String
    public var packs: [CompliancePack]
    public var packScores: [PackScore]
    public var results: [RuleResult]
    public var violations: [Violation]
    public var suppressions: [SuppressionState]

    /// Rules that did not fail (passed or suppressed), as the old tool's `passedRules`.
    public var passedRules: Int { results.count - violations.count }

    /// round(100 × part / whole) with halves away from zero; 100 when whole is 0.
    static func percent(_ part: Int, of whole: Int) -> Int {
        whole == 0 ? 100 : Int((100.0 * Double(part) / Double(whole)).rounded(.toNearestOrAwayFromZero))
    }
}
