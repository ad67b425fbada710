// AuditReport+JSON: the machine-readable report (`agentspec audit --json`). A superset
// of the old AgentSpec tool's report, so CI gates and dashboards that read it keep
// working: its names (`overallScore`, `grade`, `categoryScores`, `passedRules`,
// `totalRules`, `packBreakdown`, `evidenceBreakdown`, `agentName`, `violations[]`,
// `suppressions[].ruleId`) beside ours (`score`, `packs`, `packScores`, `rules`,
// positions, suppression state). Keys sorted, so the text is stable. docs/json-output.md
// documents every field.
import PolicyVM

extension AuditReport {
    /// The report as a JSON object (without the CLI's `schemaVersion`).
    public var json: Value {
        func position(_ p: SourcePosition?) -> [(String, Value)] {
            guard let p else { return [] }
            return [("line", .int(p.line)), ("column", .int(p.column))]
        }
        let violations = self.violations.map { v in
            object([("ruleId", .string(v.ruleId)), ("severity", .string(v.severity.rawValue)), ("title", .string(v.title)),
                    ("message", .string(v.message)), ("path", .string(v.path)), ("recommendation", .string(v.recommendation)),
                    ("evidenceLevel", .string(v.evidenceLevel.rawValue))] + position(v.position))
        }
        let suppressions = self.suppressions.map { s in
            var m: [(String, Value)] = [("rule", .string(s.rule)), ("ruleId", .string(s.rule)), ("reason", .string(s.reason)),
                                        ("active", .bool(s.isActive)), ("path", .string(s.path))]
            if let a = s.approvedBy { m.append(("approvedBy", .string(a))) }
            if let e = s.expires { m.append(("expires", .string(e))) }
            if let f = s.finding { m.append(("finding", .string(f))) }
            return object(m + position(s.position))
        }
        let packScores = packScores.map { p in
            object([("pack", .string(p.pack.rawValue)), ("passed", .int(p.passed)), ("suppressed", .int(p.suppressed)),
                    ("failed", .int(p.failed)), ("total", .int(p.total)), ("score", .int(p.score))])
        }
        let rules = results.map { r in
            object([("id", .string(r.rule.id)), ("pack", .string(r.rule.pack.rawValue)),
                    ("severity", .string(r.rule.severity.rawValue)), ("status", .string(r.status.rawValue))])
        }
        return object([
            ("agentName", .string(agentName)),
            ("overallScore", .int(score)), ("score", .int(score)), ("grade", .string(grade)),
            ("categoryScores", object(self.packScores.map { ($0.pack.rawValue, .int($0.score)) })),
            ("passedRules", .int(passedRules)), ("totalRules", .int(results.count)),
            ("packBreakdown", object(self.packScores.map { ($0.pack.rawValue, tally($0.passed + $0.suppressed, $0.total)) })),
            ("evidenceBreakdown", object(EvidenceLevel.allCases.map { level in
                let inLevel = results.filter { $0.rule.evidence == level }
                return (level.rawValue, tally(inLevel.filter { $0.status != .failed }.count, inLevel.count))
            })),
            ("packs", .array(packs.map { .string($0.rawValue) })), ("packScores", .array(packScores)), ("rules", .array(rules)),
            ("violations", .array(violations)), ("suppressions", .array(suppressions)),
        ])
    }

    private func object(_ members: [(String, Value)]) -> Value {
        .object(Dictionary(uniqueKeysWithValues: members.map { (Value.string($0.0), $0.1) }))
    }

    private func tally(_ passed: Int, _ total: Int) -> Value {
        object([("passed", .int(passed)), ("total", .int(total))])
    }
}
