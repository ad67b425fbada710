// RemoteOPA: one decision asked of a remote OPA (OPA_URL) — the input document POSTed to
// `{OPA_URL}/v1/data/<package path>/deny`, the answer read as a set of violation ids —
// or the fallback when OPA cannot give one (a non-2xx answer, a timeout, a refused
// connection, a malformed body).
// Invariant: the decision is delivered exactly once and within OPA_TIMEOUT_MS of the
// call, whatever queueing or connection setup delays the HTTP exchange (a deadline timer
// races it). No step waits for the Swift task pool: the transport completes on the HTTP
// client's loop and the deadline fires on its own queue, so a pool that other work holds
// (tests run in parallel there; background loops use it) delays no decision. The
// transport is a function, so the whole path runs in tests without sockets.
import AgentSpec
import Dispatch
import PolicyVM

/// A remote OPA answering the sidecar's decisions.
struct RemoteOPA: Sendable {
    /// Sends one request and calls its second argument once with the whole answer or the
    /// failure (HTTPClient.send(_:completion:) in the sidecar), from any thread.
    typealias Transport = @Sendable (HTTPClientRequest, @escaping @Sendable (Result<HTTPClientResponse, any Error>) -> Void) -> Void

    let url: HTTPURL
    let transport: Transport
    let timeoutNanos: UInt64
    /// Where deadline timers fire: not the HTTP client's loop nor the Swift task pool,
    /// whose queues are what a deadline must not wait behind.
    private static let deadlineQueue = DispatchQueue(label: "agentspec.opa-deadlines", qos: .userInitiated)

    init(url: HTTPURL, timeoutMs: Int, transport: @escaping Transport) {
        self.url = url
        self.transport = transport
        self.timeoutNanos = UInt64(timeoutMs) * 1_000_000
    }

    /// Asks OPA to decide `input` for the agent's `packageName`; `done` is called once,
    /// later, and at the latest OPA_TIMEOUT_MS after this call.
    func decide(_ input: Value, packageName: String, _ done: @escaping @Sendable (Decision) -> Void) {
        let start = Clock.monotonicNanoseconds()
        let timeout = timeoutNanos
        let once = OnceFlag()
        let deadline = DeadlineTimer(queue: Self.deadlineQueue)
        let deliver: @Sendable (Decision) -> Void = { decision in
            guard once.claim() else { return }
            deadline.cancel()
            done(decision)
        }
        // The whole decision is bounded from here: the task's start, the client's queue,
        // connection setup and OPA's answer all count against OPA_TIMEOUT_MS.
        deadline.start(afterNanos: timeout) {
            deliver(Self.fallback("OPA did not answer within OPA_TIMEOUT_MS (\(timeout / 1_000_000) ms)", start))
        }
        let path = packageName.split(separator: ".").joined(separator: "/")
        var body: [UInt8] = Array("{\"input\":".utf8)
        JSONWriter.append(input, to: &body)
        body.append(UInt8(ascii: "}"))
        let request = HTTPClientRequest(url: url.description + "/v1/data/\(path)/\(DecisionQuery.rule)", method: .post,
                                        headers: ["Content-Type": "application/json"], body: body, timeoutNanos: timeout)
        transport(request) { result in
            switch result {
            case .success(let response): deliver(Self.decision(from: response, start: start, timeout: timeout))
            case .failure(let error): deliver(Self.fallback("OPA unavailable: \(error)", start))
            }
        }
    }

    /// OPA's answer read as a decision: `{"result": [...]}` (an absent result is no
    /// violation); anything else is a fallback naming what was wrong.
    static func decision(from response: HTTPClientResponse, start: UInt64, timeout: UInt64) -> Decision {
        let took = Clock.monotonicNanoseconds() - start
        if took > timeout { return fallback("OPA answered after \(took / 1_000_000) ms, past OPA_TIMEOUT_MS", start) }
        guard (200...299).contains(response.head.status) else { return fallback("OPA answered HTTP \(response.head.status)", start) }
        guard let document = try? JSONReader.parse(bytes: response.body), case .object(let o) = document else {
            return fallback("OPA answered with a body that is not a JSON object", start)
        }
        let result = o[.string("result")]
        return Decision(violations: result.map(EmbeddedPolicy.ids) ?? [], source: .opa,
                        nanoseconds: Clock.monotonicNanoseconds() - start)
    }

    static func fallback(_ why: String, _ start: UInt64) -> Decision {
        Decision(violations: [], source: .opaUnavailable, nanoseconds: Clock.monotonicNanoseconds() - start, failure: why)
    }
}

/// A one-shot timer that may be cancelled from any thread (a dispatch source's calls are
/// thread-safe, which the type system cannot see).
private final class DeadlineTimer: @unchecked Sendable {
    private let source: DispatchSourceTimer

    init(queue: DispatchQueue) { source = DispatchSource.makeTimerSource(queue: queue) }

    func start(afterNanos nanos: UInt64, _ fire: @escaping @Sendable () -> Void) {
        source.schedule(deadline: .now() + .nanoseconds(Int(nanos)), leeway: .milliseconds(1))
        source.setEventHandler(handler: fire)
        source.resume()
    }

    func cancel() { source.cancel() }
}
