// Header reports and event batches: parsing, merging, and precise rejections.
import Testing
import PolicyVM
@testable import Sidecar

@Suite struct BehaviourReportTests {
    @Test func headersAreSplitTrimmedAndMerged() {
        var headers = HTTPHeaders([
            ("x-agentspec-guardrails-invoked", " pii-detector , ,topic-filter"),
            ("X-AgentSpec-Guardrails-Invoked", "pii-detector"),
            ("x-agentspec-tools-called", "log-workout"),
            ("X-AGENTSPEC-USER-CONFIRMED", " TRUE "),
            ("X-AgentSpec-Debug", "the agent's own"),
            ("Content-Type", "text/plain"),
        ])
        let r = ReportedFields.take(from: &headers)!.report
        #expect(r.guardrailsInvoked == ["pii-detector", "topic-filter"])
        #expect(r.toolsCalled == ["log-workout"] && r.userConfirmed)
        // Every X-AgentSpec-* field is taken out, reporting or not.
        #expect(headers.fields.map(\.name) == ["Content-Type"])
        var plain = HTTPHeaders([("Content-Type", "text/plain")])
        #expect(ReportedFields.take(from: &plain) == nil)
        #expect(plain.count == 1)
        var unreported = HTTPHeaders([("X-AgentSpec-OPA-Violations", "forged"), ("Content-Type", "text/plain")])
        #expect(ReportedFields.take(from: &unreported) == nil, "a field that reports nothing is no report")
        #expect(unreported.fields.map(\.name) == ["Content-Type"])
    }

    @Test(arguments: [0, 63, 64, 90])
    func reportingFieldsAreReadWhereverTheyStand(fillers: Int) throws {
        var fields = (0..<fillers).map { ("X-Filler-\($0)", "v") }
        fields.insert(("X-AgentSpec-Tools-Called", "log-workout"), at: fillers / 2)
        fields += [("X-AgentSpec-Guardrails-Invoked", "a, b"), ("x-agentspec-tools-called", "delete, log-workout"),
                   ("X-AgentSpec-Guardrails-Invoked", "c")]
        var headers = HTTPHeaders(fields)
        let report = try #require(ReportedFields.take(from: &headers)).report
        #expect(report.guardrailsInvoked == ["a", "b", "c"])
        #expect(report.toolsCalled == ["log-workout", "delete"])
        #expect(headers.count == fillers)
    }

    @Test(arguments: [("true", true), ("TRUE", true), (" true\t", true), ("false", false), ("true, false", false), ("yes", false)])
    func theUserConfirmedOnlyWithTrue(value: String, confirmed: Bool) {
        var headers = HTTPHeaders([("X-AgentSpec-User-Confirmed", value)])
        #expect(ReportedFields.take(from: &headers)?.userConfirmed == confirmed)
    }

    @Test func manyItemsInOneFieldStayUniqueAndInOrder() {
        let items = (0..<300).map { "g\($0 % 150)" }
        var headers = HTTPHeaders([("X-AgentSpec-Guardrails-Invoked", items.joined(separator: ","))])
        let r = ReportedFields.take(from: &headers)?.report
        #expect(r?.guardrailsInvoked == (0..<150).map { "g\($0)" })
    }

    @Test func eventsBecomeAReport() throws {
        let body = try JSONReader.parse("""
        {"requestId":"r1","events":[
          {"type":"guardrail","guardrailType":"toxicity-filter","invoked":true,"score":0.9},
          {"type":"guardrail","guardrailType":"pii-detector","invoked":false},
          {"type":"tool","name":"delete-workout","success":true},
          {"type":"model","modelId":"groq/llama","tokenCount":120,"costUsd":0.25},
          {"type":"memory","ttlSeconds":60,"piiScrubbed":false},
          {"type":"confirmation","confirmed":true}]}
        """)
        let b = try EventBatch.parse(body)
        #expect(b.requestId == "r1")
        #expect(b.report.guardrailsInvoked == ["toxicity-filter"])
        #expect(b.report.toxicityScore == Number(0.9))
        #expect(b.report.toolsCalled == ["delete-workout"] && b.report.userConfirmed)
        #expect(b.tokens == 120 && b.costUSD == 0.25)
        #expect(b.report.memoryTTLSeconds == .int(60) && b.report.memoryPIIScrubbed == false)
    }

    @Test(arguments: [
        (#"{"events":[]}"#, "requestId is required (a non-empty string)"),
        (#"{"requestId":"r","events":{}}"#, "events must be an array"),
        (#"{"requestId":"r","events":[{"type":"tool"}]}"#, "events[0].name is required (a non-empty string)"),
        (#"{"requestId":"r","events":[{"type":"x"}]}"#, #"events[0].type must be one of: guardrail, tool, model, memory, confirmation (got "x")"#),
        (#"{"requestId":"r","events":[{"type":"model","modelId":"m","tokenCount":-1}]}"#, "events[0].tokenCount must be a non-negative integer"),
        (#"[1]"#, "body must be a JSON object"),
        (#"{"requestId":"has space","events":[]}"#, "requestId must be 1 to 128 visible ASCII characters, as the proxy keeps an X-Request-Id (got 9 bytes)"),
        ("{\"requestId\":\"" + String(repeating: "r", count: 129) + "\",\"events\":[]}",
         "requestId must be 1 to 128 visible ASCII characters, as the proxy keeps an X-Request-Id (got 129 bytes)"),
    ])
    func badBatchesNameTheField(json: String, message: String) throws {
        do {
            _ = try EventBatch.parse(try JSONReader.parse(json))
            Issue.record("accepted \(json)")
        } catch let e as EventError {
            #expect(e.message == message)
        }
    }

    @Test func tooManyEventsAreRejected() throws {
        let events = Array(repeating: #"{"type":"confirmation","confirmed":true}"#, count: 501).joined(separator: ",")
        #expect(throws: EventError.self) { try EventBatch.parse(try JSONReader.parse(#"{"requestId":"r","events":[\#(events)]}"#)) }
    }

    @Test func decisionInputAlwaysHasTheFourLists() {
        let profile = AgentProfile(agentName: "a", modelId: "p/m", guardrailsDeclared: ["pii-detector"], toolsRegistered: [])
        let v = DecisionInput.make(profile, BehaviourReport(), usage: DailyUsage())
        for key in ["guardrails_declared", "guardrails_invoked", "tools_registered", "tools_called"] {
            #expect(v.field(key) != nil, "\(key)")
        }
        #expect(v.field("toxicity_score") == nil && v.field("memory_write") == nil && v.field("cost_today_usd") == nil)
        #expect(v.field("user_confirmed") == .false)
    }
}

@Suite struct BehaviourReportMergeTests {
    @Test(arguments: [3, 40, 2_000])
    func unionsKeepFirstSeenOrderWithoutRepeats(size: Int) {
        var list = (0..<size).map { "a\($0)" }
        let added = (0..<size).map { "a\($0 * 2)" } + ["a0", "new"]
        BehaviourReport.union(&list, added)
        let expected = (0..<size).map { "a\($0)" } + (0..<size).map { "a\($0 * 2)" }.filter { Int($0.dropFirst())! >= size } + ["new"]
        #expect(list == expected)
        #expect(Set(list).count == list.count)
    }

    @Test func storageBytesCountEveryItem() {
        var r = BehaviourReport()
        #expect(r.storageBytes == BehaviourReport.baseStorageBytes)
        r.toolsCalled = ["abc"]
        r.guardrailsInvoked = ["de"]
        r.modelCalls = [ModelCall(modelId: "f", tokenCount: 12)]
        #expect(r.storageBytes == BehaviourReport.baseStorageBytes + 6 + 3 * BehaviourReport.itemOverheadBytes)
    }

    @Test func theAgentSpecPrefixMatchesTheNameBuiltAtRunTime() {
        #expect(ReportFields.prefix.lowercase.withBytes { Array($0) } == Array("x-agentspec-".utf8))
        var headers = HTTPHeaders([("x-AGENTSPEC-debug", "1"), ("X-AgentSpec", "2"), ("X-Agentspec-Tools-Called", "t"), ("Other", "3")])
        headers.removeAll(whereName: { $0.hasPrefix(ReportFields.prefix) })
        #expect(headers.fields.map(\.name) == ["X-AgentSpec", "Other"])
    }
}
