// AuditEndpoints: GET /agentspec/audit[?limit=N] (newest N, oldest first), the SSE stream
// of new and updated entries, and GET /agentspec/explain/{requestId} (an entry with its
// decision input and steps).
import PolicyVM

struct AuditEndpoints {
    let state: SidecarState

    func list(_ exchange: HTTPServerExchange, query: String) {
        var limit: Int?
        for pair in query.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.first == "limit" else { continue }
            guard kv.count == 2, let n = Int(kv[1]), n >= 0 else {
                exchange.respond(400, .object(["error": "BadRequest",
                                                                    "message": .string("limit must be a non-negative integer")]))
                return
            }
            limit = n
        }
        exchange.respond(200, .array(state.ring.entries(limit: limit).map(\.json)))
    }

    /// Server-sent events: one `data:` line of JSON per new or updated entry.
    func stream(_ exchange: HTTPServerExchange, streams: OpenStreams) {
        exchange.writeHead(HTTPResponseHead(status: 200, headers: ["Content-Type": "text/event-stream", "Cache-Control": "no-cache"]))
        exchange.writeBody(Array(": agentspec audit stream\n\n".utf8))
        let handle = exchange.handle
        let ring = state.ring
        let id = ring.addListener { entry in
            var line: [UInt8] = Array("event: audit\ndata: ".utf8)
            JSONWriter.append(entry.json, to: &line)
            line.append(contentsOf: "\n\n".utf8)
            let payload = line
            handle.run { ex in if !ex.hasEndedResponse { ex.writeBody(payload) } }
        }
        let streamId = streams.add(handle)
        exchange.onAbort = {
            ring.removeListener(id)
            streams.remove(streamId)
        }
    }

    func explain(_ exchange: HTTPServerExchange, id: String) {
        guard let entry = state.ring.entry(id) else {
            exchange.respond(404, .object(["error": "NotFound", "message": .string("no request \(id) in the audit ring")]))
            return
        }
        var steps: [Value] = []
        if let b = entry.behaviour {
            steps.append(.object(["step": "behaviour reported", "guardrailsInvoked": .array(b.guardrailsInvoked.map(Value.string)),
                                  "toolsCalled": .array(b.toolsCalled.map(Value.string)), "userConfirmed": .bool(b.userConfirmed)]))
        } else {
            steps.append(.object(["step": "no behaviour reported", "note": "the agent sent no X-AgentSpec-* headers and no events"]))
        }
        if let d = entry.decision {
            steps.append(.object(["step": "decided", "source": .string(d.source.rawValue),
                                  "query": .string("data.\(state.policies.current.generated.packageName).deny"),
                                  "violations": .array(d.violations.map(Value.string)),
                                  "decisionNs": .number(.int(Int64(d.nanoseconds)))]))
            if let f = d.failure { steps.append(.object(["step": "failed open", "reason": .string(f)])) }
        }
        if let blocked = entry.blocked { steps.append(.object(["step": blocked ? "blocked (enforce)" : "forwarded"])) }
        var body: RegoObject = ["entry": entry.json, "steps": .array(steps)]
        if let usage = entry.usage {
            body["input"] = DecisionInput.make(state.policies.current.profile, entry.behaviour ?? BehaviourReport(), usage: usage)
        }
        exchange.respond(200, .object(body))
    }
}
