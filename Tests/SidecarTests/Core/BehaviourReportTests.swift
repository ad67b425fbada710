// Header reports and event batches: parsing, merging, and precise rejections.
import Testing
import PolicyVM
@testable import Sidecar

@Suite struct BehaviourReportTests {
    @Test func headersAreSplitTrimmedAndMerged() {
        let headers = HTTPHeaders([
            ("x-agentspec-guardrails-invoked", " pii-detector , ,topic-filter"),
            ("X-AgentSpec-Guardrails-Invoked", "pii-detector"),
            ("x-agentspec-tools-called", "log-workout"),
            ("X-AGENTSPEC-USER-CONFIRMED", "TRUE"),
            ("Content-Type", "text/plain"),
        ])
        let r = BehaviourReport.fromHeaders(headers)!
        #expect(r.guardrailsInvoked == ["pii-detector", "topic-filter"])
        #expect(r.toolsCalled == ["log-workout"] && r.userConfirmed)
        #expect(BehaviourReport.fromHeaders(HTTPHeaders([("Content-Type", "text/plain")])) == nil)
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
