// An audit entry's JSON: a decision the remote OPA could not make carries no
// behavioralCompliant (unknown is absent, never a `true` that reads as a pass); model
// calls are objects `{"modelId","tokenCount"}`, as the old entries and the events carry them.
import PolicyVM
import Testing
@testable import Sidecar

@Suite struct AuditEntryTests {
    static func entry(_ decision: Decision) -> Value {
        var e = AuditEntry(requestId: "r", arrivalNanos: 0, method: "GET", path: "/", statusCode: 200, durationMs: 1)
        e.facts = AuditFacts(decision: decision)
        return e.json
    }

    @Test(arguments: [
        (DecisionSource.embedded, [String](), Optional(true)),
        (.embedded, ["v"], Optional(false)),
        (.opa, [], Optional(true)),
        (.opa, ["v"], Optional(false)),
        (.opaUnavailable, [], nil),
    ])
    func behavioralComplianceIsKnownOnlyWhenSomeoneDecided(source: DecisionSource, violations: [String], compliant: Bool?) {
        let json = Self.entry(Decision(violations: violations, source: source, nanoseconds: 1))
        #expect(json.field("behavioralCompliant") == compliant.map(Value.bool))
        #expect(json.field("decisionSource") == .string(source.rawValue))
    }

    @Test func modelCallsAreObjectsWithTheirTokenCounts() {
        var e = AuditEntry(requestId: "r", arrivalNanos: 0, method: "GET", path: "/", statusCode: 200, durationMs: 1)
        var report = BehaviourReport()
        report.modelCalls = [ModelCall(modelId: "groq/llama", tokenCount: 120), ModelCall(modelId: "openai/gpt")]
        e.facts = AuditFacts(reported: .report(report))
        #expect(e.json.field("modelCalls") == .array([
            .object(["modelId": "groq/llama", "tokenCount": .number(.int(120))]),
            .object(["modelId": "openai/gpt"]),
        ]))
    }
}
