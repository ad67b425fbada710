// Events that come after the response head was judged, without sockets: pushed while
// the response streamed (held, then applied when the entry is written) or after the
// entry was written (applied at once). Either way they end up on the request's one
// entry: the behaviour merged, the decision made again over everything known (whatever
// the mode: EventPush always records), and whether the response was blocked left as
// history. Events before the head are in VerdictTableTests.
import AgentSpec
import PolicyVM
import Testing
@testable import Sidecar

@Suite struct VerdictEventsTests {
    enum Arrival: String, CaseIterable, Sendable { case whileStreaming, afterTheEntry }

    struct Case: Sendable, CustomTestStringConvertible {
        var mode: ProxyMode
        var source: DecisionHarness.Source
        var arrival: Arrival
        var testDescription: String { "\(mode) \(source) \(arrival)" }
    }

    static let cases: [Case] = ProxyMode.allCases.flatMap { mode in
        DecisionHarness.Source.allCases.flatMap { source in Arrival.allCases.map { Case(mode: mode, source: source, arrival: $0) } }
    }

    @Test(arguments: cases)
    func laterEventsLandOnTheEntryAndAreDecidedAgain(_ c: Case) async throws {
        let harness = try DecisionHarness(mode: c.mode, source: c.source)
        let requestId = "late-\(c.testDescription.hashValue)"
        // The agent skipped prompt-injection and deleted a workout without confirmation.
        var head = HTTPResponseHead(status: 200, headers: HTTPHeaders([
            (AgentReportHeader.guardrailsInvoked, "topic-filter"), (AgentReportHeader.toolsCalled, "delete-workout"),
        ]))
        let verdict = await harness.judge(&head, requestId: requestId)
        let isDecided = c.mode != .off
        let blocked: Value? = isDecided ? .bool(c.mode == .enforce && c.source != .remoteUnavailable) : nil
        // The user confirmed, and the model call was counted.
        var events = BehaviourReport()
        events.userConfirmed = true
        events.modelCalls = [ModelCall(modelId: "groq/llama", tokenCount: 42)]

        let entry: Value
        switch c.arrival {
        case .whileStreaming:
            _ = harness.state.held.hold(requestId, events, now: Clock.monotonicNanoseconds())
            _ = try await harness.recordAndSettle(requestId: requestId, facts: verdict.facts, status: 200,
                                                  expectingDecision: true)
            // Applied when the entry lands; a remote re-decision finishes on the task pool.
            entry = try await harness.entry(requestId) { $0.behaviour?.modelCalls.isEmpty == false }
        case .afterTheEntry:
            _ = try await harness.recordAndSettle(requestId: requestId, facts: verdict.facts, status: 200,
                                                  expectingDecision: isDecided)
            let outcome = await withCheckedContinuation { continuation in
                EventsApplier(state: harness.state).apply(events, to: requestId) { continuation.resume(returning: $0) }
            }
            guard case .applied(let updated) = outcome else { Issue.record("not applied: \(outcome)"); return }
            entry = updated.json
        }
        let violations: [Value] = c.source == .remoteUnavailable ? [] : ["prompt_injection_not_invoked"]
        #expect(entry.field("opaViolations") == .array(violations), "the confirmation clears the destructive tool")
        #expect(entry.field("decisionSource") == .string(c.source.decisionSource))
        #expect(entry.field("opaBlocked") == blocked, "what happened to the response is history")
        #expect(entry.field("toolsCalled") == ["delete-workout"])
        #expect(entry.field("modelCalls") == .array([.object(["modelId": "groq/llama", "tokenCount": .number(.int(42))])]))
        #expect(harness.state.held.count == 0)
        #expect(harness.state.ring.count == 1, "one entry per request")
    }

    @Test func eventsForARequestNotInTheRingAreNotFound() async throws {
        let harness = try DecisionHarness(mode: .track, source: .embedded)
        let outcome = await withCheckedContinuation { continuation in
            EventsApplier(state: harness.state).apply(BehaviourReport(), to: "nobody") { continuation.resume(returning: $0) }
        }
        guard case .notFound = outcome else { Issue.record("\(outcome)"); return }
    }
}
