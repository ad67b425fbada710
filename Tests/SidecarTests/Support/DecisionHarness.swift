// DecisionHarness: the sidecar's judge on GymCoach's generated policy, without sockets.
// The remote OPA is a transport function: either OPA's Data API answering as OPA would
// (the input the sidecar sent, decided by the same policy — the parity the contract
// requires) or a refused connection. The entry is written as at the end of a request.
import AgentSpec
import Foundation
import PolicyVM
import Synchronization
import Testing
@testable import Sidecar

struct DecisionHarness {
    /// Where the decision is made.
    enum Source: String, CaseIterable, Sendable {
        case embedded, remote, remoteUnavailable

        /// The entry's `decisionSource` for a decision made here.
        var decisionSource: String {
            switch self {
            case .embedded: return "embedded"
            case .remote: return "opa"
            case .remoteUnavailable: return "opa-unavailable"
            }
        }
    }

    static let manifest = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples/gymcoach/agent.yaml").path
    // Loaded once for every case: compiling the policy is the slow part.
    static let policy = try! AgentPolicy.load(manifestPath: manifest, policyDir: nil)
    /// One client for every harness (its loop is never used: the transport stands in).
    static let client = try! HTTPClient()

    let state: SidecarState
    let judge: RequestJudge

    init(mode: ProxyMode, source: Source, failMode: OPAFailMode = .open) throws {
        var environment = ["UPSTREAM_URL": "http://127.0.0.1:9", "OPA_PROXY_MODE": mode.rawValue,
                           "OPA_FAIL_MODE": failMode.rawValue, "MANIFEST_PATH": Self.manifest]
        if source != .embedded {
            environment["OPA_URL"] = "http://opa.test:8181"
            // The transport answers at once; a loaded machine must not turn a slow task
            // hop into a fallback (the deadline has its own test). The whole suite on two
            // busy cores has starved the task pool past a minute (every remote case fell
            // back with "OPA did not answer within OPA_TIMEOUT_MS (60000 ms)"), so ten.
            environment["OPA_TIMEOUT_MS"] = "600000"
        }
        let configuration = try SidecarConfiguration.load(environment: environment)
        let refused: RemoteOPA.Transport = { @Sendable _ in throw HTTPClientError.connectionRefused }
        let answering: RemoteOPA.Transport = { @Sendable request in try Self.opa(request) }
        let transport = source == .remoteUnavailable ? refused : answering
        state = SidecarState(configuration: configuration, policies: PolicyHolder(Self.policy), logger: Logger(level: .error),
                             client: Self.client, environment: [:], opaTransport: transport)
        judge = RequestJudge(state: state)
    }

    /// OPA's Data API for the agent's package, as a function.
    static func opa(_ request: HTTPClientRequest) throws -> HTTPClientResponse {
        guard request.url == "http://opa.test:8181/v1/data/agentspec/agent/gymcoach/deny", request.method == .post,
              case .object(let body) = try JSONReader.parse(bytes: request.body), let input = body[.string("input")] else {
            return HTTPClientResponse(head: HTTPResponseHead(status: 400), body: Array("{\"code\":\"invalid_parameter\"}".utf8))
        }
        let ids = try policy.embedded.violations(for: input)
        let answer = JSONWriter.write(.object(["result": .array(ids.map(Value.string))]))
        return HTTPClientResponse(head: HTTPResponseHead(status: 200, headers: ["Content-Type": "application/json"]),
                                  body: Array(answer.utf8))
    }

    /// The judge's verdict on `head`, whether made at once or later.
    func judge(_ head: inout HTTPResponseHead, requestId: String) async -> Verdict {
        let receiver = CapturedVerdict()
        if let verdict = judge.judge(&head, request: HTTPRequestHead(method: .post, target: "/v1/chat"), requestId: requestId,
                                     later: VerdictDelivery(receiver)) {
            return verdict
        }
        return await receiver.verdict()
    }

    /// Ends the request as the proxy does (its entry written from `facts`) and returns the
    /// entry's JSON once events applied at the end, decided asynchronously when the
    /// decision is remote, have landed on it.
    func recordAndSettle(requestId: String, facts: AuditFacts, status: Int, expectingDecision: Bool) async throws -> Value {
        judge.record(ProxyOutcome(requestId: requestId, method: .post, target: "/v1/chat", status: status, durationNanos: 1_000,
                                  error: nil, wasReplaced: status != 200), facts: facts)
        return try await entry(requestId) { !expectingDecision || $0.decision != nil }
    }

    /// The entry of `requestId` once `condition` holds (polled: a remote decision lands on
    /// the Swift task pool).
    func entry(_ requestId: String, where condition: (AuditEntry) -> Bool) async throws -> Value {
        for _ in 0..<5_000 {
            if let entry = state.ring.entry(requestId), condition(entry) { return entry.json }
            try await Task.sleep(nanoseconds: 1_000_000)
        }
        Issue.record("the entry of \(requestId) never reached the expected state: \(String(describing: state.ring.entry(requestId)?.json))")
        return .null
    }
}

/// Receives a verdict made later and hands it to one waiting task.
final class CapturedVerdict: VerdictReceiver, Sendable {
    private let state = Mutex<(verdict: Verdict?, waiting: CheckedContinuation<Verdict, Never>?)>((nil, nil))

    func receive(_ verdict: Verdict) {
        let waiting = state.withLock { s -> CheckedContinuation<Verdict, Never>? in
            s.verdict = verdict
            defer { s.waiting = nil }
            return s.waiting
        }
        waiting?.resume(returning: verdict)
    }

    func verdict() async -> Verdict {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { s -> Verdict? in
                if let verdict = s.verdict { return verdict }
                s.waiting = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
