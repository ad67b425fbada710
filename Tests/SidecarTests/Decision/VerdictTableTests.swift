// The contract's decision table, without sockets: OPA_PROXY_MODE × decision source
// (the embedded VM; a remote OPA, whose transport answers as OPA would by evaluating the
// input it was sent; a remote OPA that cannot be reached) × OPA_FAIL_MODE × what the
// agent's X-AgentSpec-* fields report × the events it pushed before answering, with the
// user's confirmation by field or by event. Each case runs the sidecar's own judge
// (RequestJudge) on GymCoach's generated policy, shapes the response as the proxy does
// (VerdictResponse), writes the entry as the end of the request does, and checks the
// three against the contract, stated plainly in `Expected`. Events pushed while the
// response streams and after its entry is written are in VerdictEventsTests.
import AgentSpec
import Foundation
import PolicyVM
import Testing
@testable import Sidecar

@Suite struct VerdictTableTests {
    /// What the agent's X-AgentSpec-* fields report.
    enum Fields: String, CaseIterable, Sendable {
        /// No reporting field at all.
        case none
        /// Both declared input guardrails ran, no tool.
        case compliant
        /// The prompt-injection guardrail skipped and a destructive tool called.
        case violating
        /// The same, with `X-AgentSpec-User-Confirmed: true`.
        case violatingConfirmed
    }

    /// What the agent pushed as events before its response head.
    enum EventsBefore: String, CaseIterable, Sendable {
        case none
        /// `{"type":"confirmation","confirmed":true}`
        case confirmation
        /// `{"type":"guardrail","guardrailType":"prompt-injection","invoked":true}`
        case promptInjection
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var mode: ProxyMode
        var source: DecisionHarness.Source
        var failMode: OPAFailMode
        var fields: Fields
        var before: EventsBefore
        var testDescription: String { "\(mode) \(source) fail-\(failMode) fields:\(fields) before:\(before)" }
    }

    static let cases: [Case] = ProxyMode.allCases.flatMap { mode in
        DecisionHarness.Source.allCases.flatMap { source in
            OPAFailMode.allCases.flatMap { failMode in
                Fields.allCases.flatMap { fields in
                    EventsBefore.allCases.map { Case(mode: mode, source: source, failMode: failMode, fields: fields, before: $0) }
                }
            }
        }
    }

    /// What is known of a request's behaviour, and what GymCoach's rules make of it:
    /// both declared input guardrails on every LLM call, and a destructive tool only with
    /// the user's confirmation (a field or an event gives it).
    struct Known {
        var invoked: Set<String> = []
        var tools: Set<String> = []
        var confirmed = false

        init(_ fields: Fields, _ before: EventsBefore?) {
            switch fields {
            case .none: break
            case .compliant: invoked = ["topic-filter", "prompt-injection"]
            case .violating, .violatingConfirmed:
                invoked = ["topic-filter"]
                tools = ["delete-workout"]
                confirmed = fields == .violatingConfirmed
            }
            switch before {
            case .confirmation?: confirmed = true
            case .promptInjection?: invoked.insert("prompt-injection")
            case .none?, nil: break
            }
        }

        var violations: [String] {
            var ids = ["topic-filter", "prompt-injection"].filter { !invoked.contains($0) }
                .map { $0.replacingOccurrences(of: "-", with: "_") + "_not_invoked" }
            if tools.contains("delete-workout") && !confirmed { ids.append("destructive_tool_without_confirmation") }
            return ids.sorted()
        }
    }

    /// The contract, case by case.
    struct Expected {
        /// Whether the response head is decided: "only when the mode is not off and at
        /// least one behavioural header is present".
        var isDecided: Bool
        /// The violations the response carries (flagged or blocked).
        var violations: [String]
        var status: Int
        var blocked: Bool?
        /// The decision on the entry (nil: none), its source and violations.
        var source: String?
        var entryViolations: [String]?

        init(_ c: Case) {
            isDecided = c.mode != .off && c.fields != .none
            // A decision the remote OPA could not make has no violations.
            func decided(_ known: Known) -> [String] { c.source == .remoteUnavailable ? [] : known.violations }
            guard isDecided else {
                violations = []
                status = 200
                blocked = nil
                // Events held while nothing was decided land on the entry at the end and
                // are decided there, whatever the mode (EventPush always records).
                source = c.before == .none ? nil : c.source.decisionSource
                entryViolations = c.before == .none ? nil : decided(Known(c.fields, c.before))
                return
            }
            violations = decided(Known(c.fields, c.before))
            // It blocks only in enforce mode under OPA_FAIL_MODE=closed (503).
            let failsClosed = c.source == .remoteUnavailable && c.failMode == .closed
            let blocked = c.mode == .enforce && (!violations.isEmpty || failsClosed)
            self.blocked = blocked
            status = blocked ? (violations.isEmpty ? 503 : 403) : 200
            source = c.source.decisionSource
            entryViolations = violations
        }
    }

    static var agentHead: HTTPResponseHead {
        HTTPResponseHead(status: 200, headers: ["Content-Type": "text/plain", "X-Agent-Own": "kept"])
    }

    static func fields(_ fields: Fields) -> [(String, String)] {
        switch fields {
        case .none: return []
        case .compliant: return [(AgentReportHeader.guardrailsInvoked, "topic-filter, prompt-injection")]
        case .violating: return [(AgentReportHeader.guardrailsInvoked, "topic-filter"), (AgentReportHeader.toolsCalled, "delete-workout")]
        case .violatingConfirmed:
            return Self.fields(.violating) + [(AgentReportHeader.userConfirmed, "true")]
        }
    }

    static func events(_ before: EventsBefore) -> BehaviourReport? {
        var report = BehaviourReport()
        switch before {
        case .none: return nil
        case .confirmation: report.userConfirmed = true
        case .promptInjection: report.guardrailsInvoked = ["prompt-injection"]
        }
        return report
    }

    @Test(arguments: cases)
    func theVerdictFollowsTheContract(_ c: Case) async throws {
        let harness = try DecisionHarness(mode: c.mode, source: c.source, failMode: c.failMode)
        let requestId = "r-\(c.testDescription.hashValue)"
        if let events = Self.events(c.before) { _ = harness.state.held.hold(requestId, events, now: Clock.monotonicNanoseconds()) }
        var head = Self.agentHead
        for (name, value) in Self.fields(c.fields) { head.headers.add(name: name, value: value) }
        head.headers.add(name: "X-AgentSpec-Debug", value: "the agent's own, never the client's")

        let verdict = await harness.judge(&head, requestId: requestId)
        let expected = Expected(c)
        // The response, as the proxy sends it.
        let replacement = verdict.action.replacement(for: &head, requestId: requestId)
        let sent = replacement?.head ?? head
        #expect(sent.status == expected.status)
        let flagged = sent.headers[first: AgentReportHeader.violations]
        #expect(flagged == (expected.violations.isEmpty ? nil : expected.violations.joined(separator: ",")))
        #expect(sent.headers.fields.allSatisfy { !$0.name.lowercased().hasPrefix("x-agentspec-") || $0.name == AgentReportHeader.violations },
                "no field of the agent's reaches the client")
        if let replacement {
            #expect(sent.headers[first: "X-Agent-Own"] == nil, "a replacement carries none of the agent's fields")
            #expect(sent.headers[first: "X-Request-Id"] == requestId)
            let body = try JSONReader.parse(bytes: replacement.body)
            if expected.status == 403 {
                #expect(body.field("error") == "PolicyViolation" && body.field("blocked") == .true)
                #expect(body.field("violations") == .array(expected.violations.map(Value.string)))
                #expect(body.field("message") == .string("Request blocked by OPA policy: " + expected.violations.joined(separator: ", ")))
            } else {
                #expect(body.field("error") == "PolicyUnavailable" && body.field("requestId") == .string(requestId))
            }
        } else {
            #expect(sent.headers[first: "X-Agent-Own"] == "kept")
        }

        // The entry, written at the end from what the exchange carried.
        let entry = try await harness.recordAndSettle(requestId: requestId, facts: verdict.facts, status: sent.status,
                                                      expectingDecision: expected.source != nil)
        #expect(entry.field("statusCode") == .int(expected.status))
        #expect(entry.field("decisionSource") == expected.source.map(Value.string))
        #expect(entry.field("opaBlocked") == expected.blocked.map(Value.bool))
        #expect(entry.field("opaViolations") == expected.entryViolations.map { .array($0.map(Value.string)) })
        // A decision nobody could make says nothing of compliance.
        let compliant: Value? = expected.entryViolations.flatMap { c.source == .remoteUnavailable ? nil : .bool($0.isEmpty) }
        #expect(entry.field("behavioralCompliant") == compliant)
        if c.fields != .none {
            #expect(entry.field("guardrailsInvoked") != nil, "what the agent reported is on its entry, decided or not")
        }
        #expect(harness.state.held.count == 0, "nothing stays held once the request has its entry")
    }
}
