// EventBatch: a POST /agentspec/events body, checked field by field. What the events
// report becomes a BehaviourReport (merged with what the headers said) plus the model
// usage for the daily totals. Every rejection names the field: `events[2].name is required`.
import PolicyVM

/// Why an events body was rejected (answered with 400 and this message).
struct EventError: Error, Sendable, Equatable {
    let message: String
}

/// A validated batch of behavioural events for one request.
struct EventBatch: Sendable {
    /// More events than this in one request body is a runaway client.
    static let maxEvents = 500

    let requestId: String
    let agentName: String?
    let report: BehaviourReport
    let tokens: Int64
    let costUSD: Double
    let hasTokens: Bool
    let hasCost: Bool

    static func parse(_ body: Value) throws(EventError) -> EventBatch {
        guard case .object = body else { throw EventError(message: "body must be a JSON object") }
        guard case .string(let requestId)? = body.field("requestId"), !requestId.isEmpty else {
            throw EventError(message: "requestId is required (a non-empty string)")
        }
        // Only such an id can name a proxied request (the proxy replaces any other
        // X-Request-Id): events for another could never land, only take up memory.
        guard RequestId.isSane(requestId) else {
            throw EventError(message: "requestId must be 1 to 128 visible ASCII characters, as the proxy keeps an X-Request-Id "
                             + "(got \(requestId.utf8.count) bytes)")
        }
        var agentName: String?
        if let a = body.field("agentName") {
            guard case .string(let s) = a else { throw EventError(message: "agentName must be a string") }
            agentName = s
        }
        guard case .array(let events)? = body.field("events") else { throw EventError(message: "events must be an array") }
        guard events.count <= maxEvents else {
            throw EventError(message: "events has \(events.count) items, more than the limit of \(maxEvents)")
        }
        var report = BehaviourReport()
        // Names as they come, made unique once at the end (linear, whatever the count).
        var guardrails: [String] = [], tools: [String] = [], models: [ModelCall] = []
        var tokens: Int64 = 0, cost = 0.0
        var hasTokens = false, hasCost = false
        for (i, e) in events.enumerated() {
            let at = "events[\(i)]"
            guard case .object = e else { throw EventError(message: "\(at) must be an object") }
            guard case .string(let type)? = e.field("type") else { throw EventError(message: "\(at).type is required") }
            switch type {
            case "guardrail":
                let kind = try string(e, "guardrailType", at)
                let invoked = try bool(e, "invoked", at) ?? true
                _ = try bool(e, "blocked", at)
                if invoked { guardrails.append(kind) }
                if let score = try number(e, "score", at) {
                    if kind == "toxicity-filter" { report.toxicityScore = score }
                    if kind == "hallucination-detector" { report.hallucinationScore = score }
                }
            case "tool":
                tools.append(try string(e, "name", at))
                _ = try bool(e, "success", at)
                _ = try number(e, "latencyMs", at)
            case "model":
                var call = ModelCall(modelId: try string(e, "modelId", at))
                if let t = try number(e, "tokenCount", at) {
                    guard let n = t.exactInt, n >= 0 else { throw EventError(message: "\(at).tokenCount must be a non-negative integer") }
                    call.tokenCount = n
                    tokens &+= n
                    hasTokens = true
                }
                models.append(call)
                if let c = try number(e, "costUsd", at) {
                    guard c.doubleValue >= 0, c.doubleValue.isFinite else { throw EventError(message: "\(at).costUsd must be a non-negative number") }
                    cost += c.doubleValue
                    hasCost = true
                }
            case "memory":
                report.hasMemoryWrite = true
                if let t = try number(e, "ttlSeconds", at) { report.memoryTTLSeconds = .number(t) }
                if let p = try bool(e, "piiScrubbed", at) { report.memoryPIIScrubbed = p }
            case "confirmation":
                if try bool(e, "confirmed", at) == true { report.userConfirmed = true }
            default:
                throw EventError(message: "\(at).type must be one of: guardrail, tool, model, memory, confirmation (got \"\(type)\")")
            }
        }
        BehaviourReport.union(&report.guardrailsInvoked, guardrails)
        BehaviourReport.union(&report.toolsCalled, tools)
        BehaviourReport.union(&report.modelCalls, models)
        return EventBatch(requestId: requestId, agentName: agentName, report: report, tokens: tokens, costUSD: cost,
                          hasTokens: hasTokens, hasCost: hasCost)
    }

    private static func string(_ e: Value, _ key: String, _ at: String) throws(EventError) -> String {
        guard case .string(let s)? = e.field(key), !s.isEmpty else { throw EventError(message: "\(at).\(key) is required (a non-empty string)") }
        return s
    }

    private static func bool(_ e: Value, _ key: String, _ at: String) throws(EventError) -> Bool? {
        guard let v = e.field(key) else { return nil }
        guard case .bool(let b) = v else { throw EventError(message: "\(at).\(key) must be a boolean") }
        return b
    }

    private static func number(_ e: Value, _ key: String, _ at: String) throws(EventError) -> Number? {
        guard let v = e.field(key) else { return nil }
        guard case .number(let n) = v else { throw EventError(message: "\(at).\(key) must be a number") }
        return n
    }
}
