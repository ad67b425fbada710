// Metrics: the sidecar's counters and the decision-latency histogram, rendered as
// Prometheus text (version 0.0.4) for GET /agentspec/metrics. Label values are escaped
// as the format requires. Thread-safe and cheap to bump on the request path.
import Synchronization

/// Counters, gauges and one histogram.
final class Metrics: Sendable {
    /// Decision latency buckets, in seconds: embedded decisions sit in the first ones,
    /// remote ones further up.
    static let latencyBuckets: [Double] = [0.000_001, 0.000_005, 0.000_01, 0.000_05, 0.000_1, 0.000_5, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1]

    private struct State {
        /// By status code (100...599), in an array: counting a request hashes nothing.
        var requests = [UInt64](repeating: 0, count: 600)
        /// A status outside 100...599 (0: no response was sent).
        var otherRequests: [Int: UInt64] = [:]
        /// By `decisionIndex` (source, outcome): an array, so counting hashes nothing.
        var decisions = [UInt64](repeating: 0, count: Metrics.sources.count * Metrics.outcomeNames.count)
        var violations: [String: UInt64] = [:]        // id
        var opaFallbacks: UInt64 = 0
        var events: [String: UInt64] = [:]            // result
        var reloads: [String: UInt64] = [:]           // result
        /// Decisions per bucket, not cumulative (one increment per decision); the last
        /// slot holds those slower than every bound. Rendering accumulates.
        var latencyCounts = [UInt64](repeating: 0, count: Metrics.latencyBuckets.count + 1)
        var latencySum = 0.0
        var latencyCount: UInt64 = 0
    }

    private let state = Mutex(State())

    init() {}

    /// Decisions are counted by source and outcome (no strings built on the request path).
    static let outcomeNames = ["compliant", "violation", "blocked"]

    /// Kept once: `allCases` builds a new array on every read.
    static let sources = DecisionSource.allCases

    static func decisionIndex(_ source: DecisionSource, outcome: Int) -> Int {
        sources.firstIndex(of: source)! * outcomeNames.count + outcome
    }

    func countRequest(status: Int) {
        state.withLock { s in
            if (100..<600).contains(status) { s.requests[status] += 1 } else { s.otherRequests[status, default: 0] += 1 }
        }
    }

    func countDecision(_ d: Decision, blocked: Bool) {
        let index = Metrics.decisionIndex(d.source, outcome: blocked ? 2 : (d.hasViolations ? 1 : 0))
        let seconds = Double(d.nanoseconds) / 1e9
        let bucket = Metrics.latencyBuckets.firstIndex { seconds <= $0 } ?? Metrics.latencyBuckets.count
        state.withLock { s in
            s.decisions[index] += 1
            for v in d.violations { s.violations[v, default: 0] += 1 }
            if d.source == .opaUnavailable { s.opaFallbacks += 1 }
            s.latencyCounts[bucket] += 1
            s.latencySum += seconds
            s.latencyCount += 1
        }
    }

    func countEvent(_ result: String) { state.withLock { $0.events[result, default: 0] += 1 } }
    func countReload(_ result: String) { state.withLock { $0.reloads[result, default: 0] += 1 } }

    /// The Prometheus text exposition, with gauges supplied by the caller.
    func render(gauges: [(name: String, help: String, value: Double)]) -> String {
        let s = state.withLock { $0 }
        var out = ""
        func family(_ name: String, _ type: String, _ help: String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        }
        family("agentspec_requests_total", "counter", "Proxied requests by response status.")
        var byStatus = s.otherRequests
        for (status, count) in s.requests.enumerated() where count > 0 { byStatus[status] = count }
        for (k, v) in byStatus.sorted(by: { $0.key < $1.key }) { out += "agentspec_requests_total{status=\"\(k)\"} \(v)\n" }
        family("agentspec_decisions_total", "counter", "Policy decisions by source and outcome.")
        let decisions = Metrics.sources.flatMap { source in
            Metrics.outcomeNames.indices.map { outcome in
                (source: source.rawValue, outcome: Metrics.outcomeNames[outcome],
                 count: s.decisions[Metrics.decisionIndex(source, outcome: outcome)])
            }
        }.filter { $0.count > 0 }.sorted { ($0.source, $0.outcome) < ($1.source, $1.outcome) }
        for d in decisions {
            out += "agentspec_decisions_total{source=\"\(escape(d.source))\",outcome=\"\(escape(d.outcome))\"} \(d.count)\n"
        }
        family("agentspec_violations_total", "counter", "Policy violations by rule id.")
        for (k, v) in s.violations.sorted(by: { $0.key < $1.key }) { out += "agentspec_violations_total{id=\"\(escape(k))\"} \(v)\n" }
        family("agentspec_opa_fallbacks_total", "counter", "Decisions that failed open because the remote OPA was unavailable.")
        out += "agentspec_opa_fallbacks_total \(s.opaFallbacks)\n"
        family("agentspec_events_total", "counter", "Behavioural event batches by result.")
        for (k, v) in s.events.sorted(by: { $0.key < $1.key }) { out += "agentspec_events_total{result=\"\(escape(k))\"} \(v)\n" }
        family("agentspec_policy_reloads_total", "counter", "Policy reloads by result.")
        for (k, v) in s.reloads.sorted(by: { $0.key < $1.key }) { out += "agentspec_policy_reloads_total{result=\"\(escape(k))\"} \(v)\n" }
        family("agentspec_decision_duration_seconds", "histogram", "Time to make one policy decision.")
        var cumulative: UInt64 = 0
        for (i, b) in Metrics.latencyBuckets.enumerated() {
            cumulative += s.latencyCounts[i]
            out += "agentspec_decision_duration_seconds_bucket{le=\"\(format(b))\"} \(cumulative)\n"
        }
        out += "agentspec_decision_duration_seconds_bucket{le=\"+Inf\"} \(s.latencyCount)\n"
        out += "agentspec_decision_duration_seconds_sum \(format(s.latencySum))\n"
        out += "agentspec_decision_duration_seconds_count \(s.latencyCount)\n"
        for g in gauges {
            family(g.name, "gauge", g.help)
            out += "\(g.name) \(format(g.value))\n"
        }
        return out
    }

    func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    func format(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }
}
