// DecisionEventEncoder: a decision as an event of OPA's decision-log format — only fields
// OPA documents for an event (plus our request_id), labels naming the sidecar and the
// agent, the rule path OPA would log, the input document the decision was made over with
// the manifest's redactFields erased and listed, the deny set as the result, OPA's
// timestamp and timer names; a decision that could not be made has an error and no result.
import AgentSpec
import Foundation
import PolicyVM
import Testing
@testable import Sidecar

@Suite struct DecisionEventEncoderTests {
    /// The fields OPA's decision-log documentation lists for an event.
    static let opaFields: Set<String> = ["labels", "decision_id", "revision", "bundles", "path", "query", "input", "result",
                                         "requested_by", "timestamp", "metrics", "erased", "masked", "error"]

    static let instance = DecisionId(high: 0x1111, low: 0x2222).description

    static func record(policy: AgentPolicy = DecisionHarness.policy, decision: Decision, report: BehaviourReport,
                       usage: DailyUsage = DailyUsage()) -> DecisionRecord {
        DecisionRecord(requestId: "req-1", policy: policy,
                       facts: AuditFacts(reported: .report(report), decision: decision, blocked: false, usage: usage),
                       unixNanos: 1_559_592_436_939_402_185)
    }

    static func event(_ record: DecisionRecord, bundles: @escaping DecisionEventEncoder.BundleRevisions = { _ in [:] }) throws -> RegoObject {
        var encoder = DecisionEventEncoder(instanceId: instance, version: "9.9.9", bundleRevisions: bundles)
        return try object(encoder.encode(record))
    }

    /// An event's bytes as the object they must be.
    static func object(_ event: [UInt8]) throws -> RegoObject {
        guard case .object(let o) = try JSONReader.parse(bytes: event) else {
            Issue.record("the event is not a JSON object")
            return RegoObject()
        }
        return o
    }

    static var violatingReport: BehaviourReport {
        var report = BehaviourReport()
        report.guardrailsInvoked = ["topic-filter"]
        report.toolsCalled = ["delete-workout"]
        return report
    }

    @Test func anEmbeddedDecisionIsAnOPAEvent() throws {
        var usage = DailyUsage()
        usage.tokens = 1_200
        usage.hasTokens = true
        let id = DecisionIdGenerator().next()
        var decision = Decision(violations: ["destructive_tool_without_confirmation", "prompt_injection_not_invoked"],
                                source: .embedded, nanoseconds: 4_321)
        decision.id = id
        let record = Self.record(decision: decision, report: Self.violatingReport, usage: usage)
        let e = try Self.event(record)
        let keys = Set(e.map { $0.key.stringValue ?? "" })
        #expect(keys == ["labels", "decision_id", "path", "input", "result", "timestamp", "metrics", "request_id"])
        #expect(keys.subtracting(["request_id"]).isSubset(of: Self.opaFields))
        #expect(e["decision_id"] == .string(id.description))
        #expect(e["labels"] == .object(["id": .string(Self.instance), "version": "9.9.9",
                                        "agent": "gymcoach", "agent_version": .string(DecisionHarness.policy.manifest.metadata.version)]))
        #expect(e["path"] == "agentspec/agent/gymcoach/deny")
        #expect(e["input"] == DecisionInput.make(DecisionHarness.policy.profile, Self.violatingReport, usage: usage),
                "the input is the document the decision was made over")
        #expect(e["result"] == .array(["destructive_tool_without_confirmation", "prompt_injection_not_invoked"]))
        #expect(e["timestamp"] == "2019-06-03T20:07:16.939402185Z")
        #expect(e["metrics"] == .object(["timer_rego_query_eval_ns": .number(.int(4_321))]))
        #expect(e["request_id"] == "req-1")
        // The decision the event says was made is the one the policy makes over its input.
        let input = try #require(e["input"])
        #expect(try DecisionHarness.policy.embedded.violations(for: input) == ["destructive_tool_without_confirmation",
                                                                               "prompt_injection_not_invoked"])
    }

    @Test func aBundleInForceIsNamedWithItsRevision() throws {
        let e = try Self.event(Self.record(decision: Decision(violations: [], source: .embedded, nanoseconds: 1), report: BehaviourReport()),
                               bundles: { _ in ["agents": "r42"] })
        #expect(e["bundles"] == .object(["agents": .object(["revision": "r42"])]))
        #expect(e["result"] == .array([]), "no violation is an empty deny set, not an absent result")
    }

    @Test func aRemoteDecisionHasTheRemoteTimerAndAFallbackHasAnErrorAndNoResult() throws {
        let remote = try Self.event(Self.record(decision: Decision(violations: ["x"], source: .opa, nanoseconds: 9), report: BehaviourReport()))
        #expect(remote["metrics"] == .object(["timer_agentspec_remote_decision_ns": .number(.int(9))]))
        #expect(remote["result"] == .array(["x"]))
        let fallback = try Self.event(Self.record(decision: Decision(violations: [], source: .opaUnavailable, nanoseconds: 9,
                                                                     failure: "OPA unavailable: connection refused"),
                                                  report: BehaviourReport()))
        #expect(fallback["result"] == nil, "no decision was made: no result")
        #expect(fallback["error"] == .object(["code": "agentspec_opa_unavailable", "message": "OPA unavailable: connection refused"]))
    }

    @Test func redactFieldsAreErasedFromTheInputAndListed() throws {
        let policy = try Self.policy(redactFields: "[api_key, password, tools_called, TTL_SECONDS, model_id]")
        var report = Self.violatingReport
        report.toolsCalled.append("secret-tool-31337")
        report.hasMemoryWrite = true
        report.memoryTTLSeconds = .number(.int(60))
        report.memoryPIIScrubbed = true
        let e = try Self.event(Self.record(policy: policy, decision: Decision(violations: [], source: .embedded, nanoseconds: 1),
                                           report: report))
        // A field the manifest fixes (model_id) and fields each decision fills are erased alike.
        #expect(e["erased"] == .array(["/input/memory_write/ttl_seconds", "/input/model_id", "/input/tools_called"]))
        guard case .object(let input)? = e["input"] else { Issue.record("no input"); return }
        #expect(input["tools_called"] == nil && input["model_id"] == nil)
        #expect(input["guardrails_invoked"] == .array(["topic-filter"]), "other fields are kept")
        #expect(input["memory_write"] == .object(["pii_scrubbed": .true]))
        let text = JSONWriter.write(.object(e))
        #expect(!text.contains("secret-tool-31337"), "the erased value appears nowhere in the event")
    }

    @Test func aReportInFieldsIsLoggedAsTheDocumentDecidedFromThem() throws {
        var headers: HTTPHeaders = ["X-AgentSpec-Guardrails-Invoked": "topic-filter, topic-filter", "X-AgentSpec-Tools-Called": "delete-workout"]
        let fields = try #require(ReportedFields.take(from: &headers))
        var usage = DailyUsage()
        usage.costUSD = 0.25
        usage.hasCost = true
        let facts = AuditFacts(reported: .fields(fields), decision: Decision(violations: ["v"], source: .embedded, nanoseconds: 1),
                               blocked: false, usage: usage)
        var encoder = DecisionEventEncoder(instanceId: Self.instance, version: "9.9.9", bundleRevisions: { _ in [:] })
        let record = DecisionRecord(requestId: "req-2", policy: DecisionHarness.policy, facts: facts, unixNanos: 0)
        guard case .object(let e) = try JSONReader.parse(bytes: encoder.encode(record)) else { Issue.record("not an object"); return }
        // The request path decides over the fields in place (DecisionInput.fill from fields).
        var decided = DecisionHarness.policy.profile.documentTemplate
        DecisionInput.fill(&decided, fields, usage: usage)
        #expect(e["input"] == .object(decided))
        #expect(e["timestamp"] == "1970-01-01T00:00:00Z")
    }

    @Test func eachEventHasOnlyItsOwnDecisionsFacts() throws {
        // The encoder refills one document per event: what one decision reported (scores,
        // a memory write, usage) must not reach the next event's input.
        var rich = Self.violatingReport
        rich.toxicityScore = .int(1)
        rich.hasMemoryWrite = true
        rich.memoryPIIScrubbed = false
        var usage = DailyUsage()
        usage.tokens = 7
        usage.hasTokens = true
        var plain = BehaviourReport()
        plain.toolsCalled = ["log-workout"]
        var encoder = DecisionEventEncoder(instanceId: Self.instance, version: "9.9.9", bundleRevisions: { _ in [:] })
        let decision = Decision(violations: [], source: .embedded, nanoseconds: 1)
        for (report, use) in [(rich, usage), (plain, DailyUsage()), (rich, usage)] {
            let bytes = encoder.encode(Self.record(decision: decision, report: report, usage: use))
            guard case .object(let e) = try JSONReader.parse(bytes: bytes) else { Issue.record("not an object"); continue }
            #expect(e["input"] == DecisionInput.make(DecisionHarness.policy.profile, report, usage: use))
        }
    }

    static func query(input: Value?, result: Value?, error: (code: String, message: String)? = nil) -> DataQueryRecord {
        DataQueryRecord(id: DecisionId(high: 7, low: 9), path: "agentspec/agent/gymcoach/deny", input: input, result: result,
                        error: error, requestedBy: "10.0.0.7:51234", policy: DecisionHarness.policy,
                        unixNanos: 1_559_592_436_939_402_185, nanoseconds: 812)
    }

    static func event(_ query: DataQueryRecord, bundles: @escaping DecisionEventEncoder.BundleRevisions = { _ in [:] }) throws -> RegoObject {
        var encoder = DecisionEventEncoder(instanceId: instance, version: "9.9.9", bundleRevisions: bundles)
        return try object(encoder.encode(query))
    }

    @Test func aDataAPIQueryIsAnOPAEventWithWhoAsked() throws {
        let input: Value = .object(["agent_name": "gymcoach", "password": "hunter2", "deep": .object(["api_key": "k", "kept": 1])])
        let e = try Self.event(Self.query(input: input, result: .array(["x"])), bundles: { _ in ["agents": "r7"] })
        let keys = Set(e.map { $0.key.stringValue ?? "" })
        #expect(keys == ["labels", "decision_id", "bundles", "path", "input", "result", "erased", "requested_by", "timestamp", "metrics"])
        #expect(keys.isSubset(of: Self.opaFields), "only fields OPA documents: a query has no request_id")
        #expect(e["decision_id"] == .string(DecisionId(high: 7, low: 9).description))
        #expect(e["bundles"] == .object(["agents": .object(["revision": "r7"])]))
        #expect(e["path"] == "agentspec/agent/gymcoach/deny" && e["result"] == .array(["x"]))
        #expect(e["input"] == .object(["agent_name": "gymcoach", "deep": .object(["kept": 1])]), "redactFields erased at any depth")
        #expect(e["erased"] == .array(["/input/deep/api_key", "/input/password"]))
        #expect(e["requested_by"] == "10.0.0.7:51234" && e["timestamp"] == "2019-06-03T20:07:16.939402185Z")
        #expect(e["metrics"] == .object(["timer_rego_query_eval_ns": .number(.int(812))]))
    }

    @Test func anUndefinedOrFailedQueryHasNoResult() throws {
        let undefined = try Self.event(Self.query(input: nil, result: nil))
        #expect(undefined["result"] == nil && undefined["input"] == nil && undefined["error"] == nil && undefined["erased"] == nil)
        let failed = try Self.event(Self.query(input: .object([:]), result: nil, error: ("eval_type_error", "count: operand 1 must be …")))
        #expect(failed["result"] == nil && failed["input"] == .object([:]))
        #expect(failed["error"] == .object(["code": "eval_type_error", "message": "count: operand 1 must be …"]))
    }

    /// GymCoach with `redactFields` replaced, loaded from a temporary copy.
    static func policy(redactFields: String) throws -> AgentPolicy {
        let original = try String(contentsOfFile: DecisionHarness.manifest, encoding: .utf8)
        let edited = original.replacingOccurrences(of: "redactFields: [api_key, password]", with: "redactFields: \(redactFields)")
        #expect(edited != original)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("declog-\(UUID().uuidString).yaml").path
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try AgentPolicy.load(manifestPath: path, policyDir: nil)
    }
}
