// AuditReport: what an audit found — score, grade, per-pack scores, each rule's
// outcome, violations with their manifest path and line:col, and every suppression
// with its state. `json` renders the machine-readable form (keys sorted, stable).
import PolicyVM

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

/// Passed and total rules of one pack.
public struct PackScore: Sendable {
    public var pack: CompliancePack
    public var passed: Int
    public var total: Int
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
    public var score: Int
    public var grade: String
    public var packs: [CompliancePack]
    public var packScores: [PackScore]
    public var results: [RuleResult]
    public var violations: [Violation]
    public var suppressions: [SuppressionState]

    /// The report as a JSON value.
    public var json: Value {
        func position(_ p: SourcePosition?) -> [(String, Value)] {
            guard let p else { return [] }
            return [("line", .int(p.line)), ("column", .int(p.column))]
        }
        func object(_ members: [(String, Value)]) -> Value {
            .object(Dictionary(uniqueKeysWithValues: members.map { (Value.string($0.0), $0.1) }))
        }
        let violations = self.violations.map { v in
            object([("ruleId", .string(v.ruleId)), ("severity", .string(v.severity.rawValue)), ("title", .string(v.title)),
                    ("message", .string(v.message)), ("path", .string(v.path)), ("recommendation", .string(v.recommendation)),
                    ("evidenceLevel", .string(v.evidenceLevel.rawValue))] + position(v.position))
        }
        let suppressions = self.suppressions.map { s in
            var m: [(String, Value)] = [("rule", .string(s.rule)), ("reason", .string(s.reason)), ("active", .bool(s.isActive)),
                                        ("path", .string(s.path))]
            if let a = s.approvedBy { m.append(("approvedBy", .string(a))) }
            if let e = s.expires { m.append(("expires", .string(e))) }
            if let f = s.finding { m.append(("finding", .string(f))) }
            return object(m + position(s.position))
        }
        let packScores = packScores.map { p in
            object([("pack", .string(p.pack.rawValue)), ("passed", .int(p.passed)), ("total", .int(p.total)),
                    ("score", .int(p.total == 0 ? 100 : Int((100.0 * Double(p.passed) / Double(p.total)).rounded())))])
        }
        let rules = results.map { r in
            object([("id", .string(r.rule.id)), ("pack", .string(r.rule.pack.rawValue)),
                    ("severity", .string(r.rule.severity.rawValue)), ("status", .string(r.status.rawValue))])
        }
        return object([("score", .int(score)), ("grade", .string(grade)), ("packs", .array(packs.map { .string($0.rawValue) })),
                       ("packScores", .array(packScores)), ("rules", .array(rules)), ("violations", .array(violations)),
                       ("suppressions", .array(suppressions))])
    }
}
