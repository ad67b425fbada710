// A remote decision is bounded as a whole by OPA_TIMEOUT_MS: not only OPA's answer but
// everything before it (the HTTP client's queue, connection setup) counts. Here the
// client's only event loop is held for a second, so the request cannot even start before
// then; the decision must still fall back at its deadline, not a second later.
import Dispatch
import Foundation
import PolicyVM
import Testing
@testable import Sidecar

@Suite struct DecisionEngineDeadlineTests {
    static let manifest = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples/gymcoach/agent.yaml").path

    @Test func aRemoteDecisionFallsBackAtItsDeadlineWhateverHoldsTheClient() async throws {
        let policy = try AgentPolicy.load(manifestPath: Self.manifest, policyDir: nil)
        let group = try EventLoopGroup(threads: 1)
        defer { group.shutdown() }
        let client = try HTTPClient(group: group)
        let remote = RemoteOPA(url: try #require(HTTPURL("http://127.0.0.1:9")), timeoutMs: 100) { request, reply in
            client.send(request) { reply($0.mapError { $0 }) }
        }
        let engine = DecisionEngine(remote: remote)
        let held = DispatchSemaphore(value: 0)
        group.loops[0].execute {
            held.signal()
            usleep(1_000_000)
        }
        held.wait()
        let started = Clock.monotonicNanoseconds()
        // Timed where the engine delivers the decision: the test's own resumption may wait
        // for a free thread when many tests run at once.
        let (decision, delivered) = await withCheckedContinuation { continuation in
            engine.decide(BehaviourReport(), usage: DailyUsage(), with: policy) {
                continuation.resume(returning: ($0, Clock.monotonicNanoseconds()))
            }
        }
        let elapsedMs = (delivered - started) / 1_000_000
        #expect(decision.source == .opaUnavailable)
        #expect(decision.failure?.contains("within OPA_TIMEOUT_MS (100 ms)") == true, "\(decision)")
        #expect(elapsedMs < 600, "the decision took \(elapsedMs) ms with OPA_TIMEOUT_MS=100")
        #expect(engine.currentOutage?.fallbacks == 1)
    }
}
