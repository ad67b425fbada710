// Every decision reaches the decision log, without sockets: on the embedded VM, the remote
// OPA and its fallback, the decision at the response head and the decision made again
// when events land each become one event, POSTed to DECISION_LOG_URL as OPA's service API
// has it (gzip-compressed JSON array, the bearer token), and the audit entry carries the
// decision_id of the newest decision made for it.
import AgentSpec
import PolicyVM
import Synchronization
import Testing
@testable import Sidecar

/// A collector as a transport: keeps every request, answers 204.
final class CapturingCollector: Sendable {
    private let requests = Mutex<[HTTPClientRequest]>([])
    private let status: Int

    init(status: Int = 204) { self.status = status }

    var transport: DecisionLog.Transport {
        { @Sendable [self] request in
            requests.withLock { $0.append(request) }
            return HTTPClientResponse(head: HTTPResponseHead(status: status), body: [])
        }
    }

    var received: [HTTPClientRequest] { requests.withLock { $0 } }

    /// Every event of every batch, in order.
    func events() throws -> [RegoObject] {
        try received.flatMap { request -> [RegoObject] in
            let json = try Gzip.decompress(request.body, limit: 1 << 24)
            guard case .array(let events) = try JSONReader.parse(bytes: json) else { throw DecisionLogTestError("a batch is not an array") }
            return events.compactMap { if case .object(let o) = $0 { return o } else { return nil } }
        }
    }
}

struct DecisionLogTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

@Suite struct DecisionLogPathTests {
    /// Ticks the log until the collector holds `count` events.
    static func events(_ harness: DecisionHarness, _ collector: CapturingCollector, count: Int) async throws -> [RegoObject] {
        for _ in 0..<5_000 {
            harness.state.decisionLog?.tickNow()
            let events = try collector.events()
            if events.count >= count { return events }
            try await Task.sleep(nanoseconds: 1_000_000)
        }
        throw DecisionLogTestError("the collector holds \(try collector.events().count) events, not \(count)")
    }

    @Test(arguments: DecisionHarness.Source.allCases)
    func headAndEventDecisionsAreLoggedWithTheEntrysIds(source: DecisionHarness.Source) async throws {
        let collector = CapturingCollector()
        let harness = try DecisionHarness(mode: .track, source: source, decisionLog: collector.transport)
        let requestId = "logged-\(source.rawValue)"
        var head = HTTPResponseHead(status: 200, headers: HTTPHeaders([
            (AgentReportHeader.guardrailsInvoked, "topic-filter"), (AgentReportHeader.toolsCalled, "delete-workout"),
        ]))
        let verdict = await harness.judge(&head, requestId: requestId)
        let headId = try #require(verdict.facts.decision?.id, "the head's decision has an id")
        _ = try await harness.recordAndSettle(requestId: requestId, facts: verdict.facts, status: 200, expectingDecision: true)

        var confirmed = BehaviourReport()
        confirmed.userConfirmed = true
        EventsApplier(state: harness.state).apply(confirmed, to: requestId) { _ in }
        let entry = try await harness.entry(requestId) { $0.decision?.id != headId && $0.decision?.id != nil }

        let events = try await Self.events(harness, collector, count: 2)
        #expect(events.count == 2, "one event per decision: \(events)")
        #expect(events.map { $0["request_id"] } == [.string(requestId), .string(requestId)])
        #expect(events.first?["decision_id"] == .string(headId.description))
        guard case .object(let entryObject) = entry else { Issue.record("no entry"); return }
        #expect(events.last?["decision_id"] == entryObject["decisionId"], "the entry carries the newest decision's id")
        #expect(events[0]["decision_id"] != events[1]["decision_id"])
        if source != .remoteUnavailable {
            #expect(events[0]["result"] == .array(["destructive_tool_without_confirmation", "prompt_injection_not_invoked"]))
            #expect(events[1]["result"] == .array(["prompt_injection_not_invoked"]), "the re-decision saw the confirmation")
            guard case .object(let input)? = events[1]["input"] else { Issue.record("no input"); return }
            #expect(input["user_confirmed"] == .true)
        } else {
            #expect(events.allSatisfy { $0["result"] == nil && $0["error"] != nil })
        }

        for request in collector.received {
            #expect(request.method == .post && request.url == DecisionHarness.collector)
            #expect(request.headers[first: "Content-Encoding"] == "gzip")
            #expect(request.headers[first: "Content-Type"] == "application/json")
            #expect(request.headers[first: "Authorization"] == "Bearer \(DecisionHarness.collectorToken)")
        }
        let stats = try #require(harness.state.decisionLog?.stats)
        #expect(stats.delivered == 2 && stats.dropped == 0 && stats.bufferEvents == 0)
        #expect(stats.uploadsOK == UInt64(collector.received.count) && stats.uploadsFailed == 0)
    }

    @Test func withoutADecisionLogNothingGetsAnId() async throws {
        let harness = try DecisionHarness(mode: .track, source: .embedded)
        #expect(harness.state.decisionLog == nil)
        var head = HTTPResponseHead(status: 200, headers: HTTPHeaders([(AgentReportHeader.toolsCalled, "delete-workout")]))
        let verdict = await harness.judge(&head, requestId: "unlogged")
        #expect(verdict.facts.decision != nil && verdict.facts.decision?.id == nil)
        let entry = try await harness.recordAndSettle(requestId: "unlogged", facts: verdict.facts, status: 200, expectingDecision: true)
        guard case .object(let o) = entry else { Issue.record("no entry"); return }
        #expect(o["decisionId"] == nil)
    }
}
