// DecisionEngine: decides one request's behaviour. Embedded (default): the compiled
// policy in this process, in microseconds. Remote (OPA_URL): the identical input document
// is POSTed to OPA's Data API for the same package; a non-2xx answer, a timeout, a refused
// connection or a malformed body fails open (no violations, source opa-unavailable).
import PolicyVM

/// Makes decisions, in-process or through a remote OPA.
public final class DecisionEngine: Sendable {
    public let policies: PolicyHolder
    public let remote: HTTPURL?
    private let client: HTTPClient?
    private let timeoutNanos: UInt64

    public init(policies: PolicyHolder, remote: HTTPURL?, client: HTTPClient?, timeoutMs: Int) {
        self.policies = policies
        self.remote = remote
        self.client = client
        self.timeoutNanos = UInt64(timeoutMs) * 1_000_000
    }

    public var sourceName: String { remote == nil ? "embedded" : "opa" }

    /// Decides `input` (built from `policy`'s profile) with that same policy, so a reload
    /// between building the input and deciding cannot mix two policies; calls `done`
    /// once, at once for embedded decisions.
    public func decide(_ input: Value, with policy: AgentPolicy, _ done: @escaping @Sendable (Decision) -> Void) {
        if let decision = decideInProcess(input, with: policy) { done(decision) } else { decideRemotely(input, with: policy, done) }
    }

    /// The embedded decision, or nil when decisions go to a remote OPA. Callers on the
    /// request path use this first: no closure is built for a decision made at once.
    public func decideInProcess(_ input: Value, with policy: AgentPolicy) -> Decision? {
        guard remote == nil else { return nil }
        return Self.embeddedDecision { () throws(PolicyError) in try policy.embedded.violations(for: input) }
    }

    /// The embedded decision over the input document of `report` and `usage` (built as
    /// `DecisionInput.make` builds it, in a document the evaluator reuses), or nil when
    /// decisions go to a remote OPA.
    public func decideInProcess(_ report: BehaviourReport, usage: DailyUsage, with policy: AgentPolicy) -> Decision? {
        guard remote == nil else { return nil }
        return Self.embeddedDecision { () throws(PolicyError) in try policy.embedded.violations(policy.profile, report, usage: usage) }
    }

    /// Times an embedded evaluation. An evaluation error is a policy bug: it is reported
    /// on the decision, and traffic is not blocked on it.
    private static func embeddedDecision(_ violations: () throws(PolicyError) -> [String]) -> Decision {
        let start = Clock.monotonicNanoseconds()
        do {
            return Decision(violations: try violations(), source: .embedded, nanoseconds: Clock.monotonicNanoseconds() - start)
        } catch {
            return Decision(violations: [], source: .embedded, nanoseconds: Clock.monotonicNanoseconds() - start,
                            failure: "\(error)")
        }
    }

    /// The decision of the remote OPA, failing open; `done` is called once, later.
    public func decideRemotely(_ input: Value, with policy: AgentPolicy, _ done: @escaping @Sendable (Decision) -> Void) {
        guard let remote, let client else {
            done(decideInProcess(input, with: policy) ?? Self.failOpen("OPA_URL is set but no HTTP client was made for it", Clock.monotonicNanoseconds()))
            return
        }
        let start = Clock.monotonicNanoseconds()
        let path = policy.generated.packageName.split(separator: ".").joined(separator: "/")
        let url = remote.description + "/v1/data/\(path)/deny"
        var body: [UInt8] = Array("{\"input\":".utf8)
        JSONWriter.append(input, to: &body)
        body.append(UInt8(ascii: "}"))
        let request = HTTPClientRequest(url: url, method: .post, headers: ["Content-Type": "application/json"],
                                        body: body, timeoutNanos: timeoutNanos)
        let timeout = timeoutNanos
        Task {
            let decision: Decision
            do {
                let response = try await client.send(request)
                let elapsed = Clock.monotonicNanoseconds() - start
                if elapsed > timeout {
                    decision = Self.failOpen("OPA answered after \(elapsed / 1_000_000) ms, past OPA_TIMEOUT_MS", start)
                } else if response.head.status < 200 || response.head.status > 299 {
                    decision = Self.failOpen("OPA answered HTTP \(response.head.status)", start)
                } else if let doc = try? JSONReader.parse(bytes: response.body), case .object(let o) = doc {
                    let result = o[.string("result")]
                    decision = Decision(violations: result.map(EmbeddedPolicy.ids) ?? [], source: .opa,
                                        nanoseconds: Clock.monotonicNanoseconds() - start)
                } else {
                    decision = Self.failOpen("OPA answered with a body that is not a JSON object", start)
                }
            } catch {
                decision = Self.failOpen("OPA unavailable: \(error)", start)
            }
            done(decision)
        }
    }

    static func failOpen(_ why: String, _ start: UInt64) -> Decision {
        Decision(violations: [], source: .opaUnavailable, nanoseconds: Clock.monotonicNanoseconds() - start, failure: why)
    }
}
