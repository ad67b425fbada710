// GapAnalysis: the deterministic part of GET /agentspec/gap — what the manifest lacks
// (failed audit rules), what the policy flagged on real traffic (violations in the
// audit ring), and declared guardrails the agent never reported running. An LLM review
// may add issues on top but never removes these. Score = max(0, 100 − 30·critical −
// 20·high − 10·medium − 5·low).
import AgentSpec
import PolicyVM

/// One gap.
struct GapIssue: Sendable {
    let severity: String
    let property: String
    let description: String
    let recommendation: String
    let evidenceLevel: String

    var json: Value {
        .object(["severity": .string(severity), "property": .string(property), "description": .string(description),
                 "recommendation": .string(recommendation), "evidenceLevel": .string(evidenceLevel)])
    }
}

enum GapAnalysis {
    static let severities = ["critical", "high", "medium", "low"]

    static func score(_ issues: [GapIssue]) -> Int {
        var s = 100
        for i in issues {
            switch i.severity {
            case "critical": s -= 30
            case "high": s -= 20
            case "medium": s -= 10
            default: s -= 5
            }
        }
        return max(0, s)
    }

    static func deterministic(manifest m: Manifest, audit: AuditReport, entries: [AuditEntry]) -> (issues: [GapIssue], observed: Value) {
        var issues = audit.violations.map { v in
            GapIssue(severity: v.severity.rawValue, property: v.path, description: v.message,
                     recommendation: v.recommendation, evidenceLevel: v.evidenceLevel.rawValue)
        }
        var violationCounts: [String: Int] = [:]
        var invoked: Set<String> = []
        var decided = 0
        for e in entries {
            if let d = e.decision {
                decided += 1
                for v in d.violations { violationCounts[v, default: 0] += 1 }
            }
            for g in e.behaviour?.guardrailsInvoked ?? [] { invoked.insert(g) }
        }
        for (id, n) in violationCounts.sorted(by: { $0.key < $1.key }) {
            issues.append(GapIssue(severity: "high", property: "policy.\(id)",
                                   description: "policy violation \(id) observed in \(n) of \(decided) decided requests",
                                   recommendation: "make the agent satisfy \(id), or enforce it with OPA_PROXY_MODE=enforce",
                                   evidenceLevel: "behavioral"))
        }
        if decided > 0 {
            for (i, g) in (m.spec.guardrails?.input ?? []).enumerated() where !invoked.contains(g.type) {
                issues.append(GapIssue(severity: "medium", property: "spec.guardrails.input[\(i)]",
                                       description: "declared input guardrail \(g.type) was never reported as invoked in \(decided) decided requests",
                                       recommendation: "invoke \(g.type) on every LLM call and report it in \(AgentReportHeader.guardrailsInvoked)",
                                       evidenceLevel: "behavioral"))
            }
        }
        let observed: Value = .object([
            "requests": .int(entries.count), "decided": .int(decided),
            "violations": .object(Dictionary(uniqueKeysWithValues: violationCounts.map { (Value.string($0.key), Value.int($0.value)) })),
            "guardrailsInvoked": .array(invoked.sorted().map(Value.string)),
        ])
        return (issues, observed)
    }
}
