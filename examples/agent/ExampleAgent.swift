// ExampleAgent: a tiny stand-in for a GymCoach agent, for the demo and the end-to-end
// tests. It answers a few routes the way an agent with the AgentSpec SDK does: it
// reports what it did in X-AgentSpec-* response headers (HeaderReporting) and pushes
// behavioural events to the sidecar's control plane (EventPush).
//   POST /v1/chat {"message": "..."}     JSON reply; "delete" calls delete-workout (needs
//                                        the client's `X-User-Confirmed: true`), "fast"
//                                        skips the prompt-injection guardrail
//   GET  /v1/chat/stream?message=...     the same as server-sent events, streamed
//   GET  /v1/workouts                    plain data, no behaviour headers
//   GET  /agentspec/health               the SDK's health report
import AgentSpec
import Dispatch
import Foundation
import PolicyVM
import Sidecar

/// The example agent's HTTP server.
package enum ExampleAgent {
    /// Starts the agent on `port` (0: any free port); events go to `controlPlane` when given.
    package static func start(host: String = "127.0.0.1", port: Int, controlPlane: String?) throws -> HTTPServer {
        let client = try controlPlane.map { _ in try HTTPClient() }
        let server = HTTPServer(configuration: HTTPServerConfiguration(host: host, port: port, threads: 1)) { exchange in
            route(exchange, controlPlane: controlPlane, client: client)
        }
        try server.start()
        return server
    }

    static func route(_ exchange: HTTPServerExchange, controlPlane: String?, client: HTTPClient?) {
        let target = exchange.request.target
        let path = String(target.prefix { $0 != "?" })
        switch (exchange.request.method, path) {
        case (.get, "/agentspec/health"):
            json(exchange, 200, ["status": "ok", "checks": [["id": "model", "category": "model", "status": "pass", "severity": "error"]]])
        case (.get, "/v1/workouts"):
            json(exchange, 200, ["workouts": [["id": 1, "kind": "run", "minutes": 30], ["id": 2, "kind": "squat", "sets": 5]]])
        case (.post, "/v1/chat"):
            var body: [UInt8] = []
            let handle = exchange.handle
            exchange.readBody(onChunk: { body.append(contentsOf: $0) }, onEnd: { _ in
                let message = (try? JSONReader.parse(bytes: body))?.field("message")?.stringValue ?? ""
                let payload = body
                handle.run { ex in chat(ex, message: message, controlPlane: controlPlane, client: client, rawBody: payload) }
            })
        case (.get, "/v1/chat/stream"):
            let message = query(target, "message") ?? "plan my week"
            stream(exchange, message: message)
        default:
            json(exchange, 404, ["error": "NotFound", "message": .string("no route \(exchange.request.method.rawValue) \(path)")])
        }
    }

    /// What the agent "did" for a message: guardrails run, tools called.
    static func behaviour(_ message: String) -> (guardrails: [String], tools: [String]) {
        let lower = message.lowercased()
        var guardrails = ["topic-filter"]
        if !lower.contains("fast") { guardrails.append("prompt-injection") }
        var tools: [String] = []
        if lower.contains("delete") { tools.append("delete-workout") }
        return (guardrails, tools)
    }

    static func chat(_ exchange: HTTPServerExchange, message: String, controlPlane: String?, client: HTTPClient?, rawBody: [UInt8]) {
        let (guardrails, tools) = behaviour(message)
        let confirmed = exchange.request.headers[first: "X-User-Confirmed"]?.lowercased() == "true"
        var headers: HTTPHeaders = ["Content-Type": "application/json",
                                    AgentReportHeader.guardrailsInvoked: guardrails.joined(separator: ", ")]
        if !tools.isEmpty { headers.add(name: AgentReportHeader.toolsCalled, value: tools.joined(separator: ",")) }
        if confirmed { headers.add(name: AgentReportHeader.userConfirmed, value: "true") }
        let reply: Value = ["reply": .string(tools.isEmpty ? "Here is a plan for: \(message)" : "Deleted your last workout."),
                            "tools": .array(tools.map(Value.string))]
        exchange.respond(HTTPResponseHead(status: 200, headers: headers), body: Array(JSONWriter.write(reply).utf8))
        // EventPush: what the model call cost, as the SDK reports it after each request.
        if let controlPlane, let client, let requestId = exchange.request.headers[first: "X-Request-Id"] {
            let events: Value = ["requestId": .string(requestId), "agentName": "gymcoach", "events": [
                ["type": "model", "modelId": "groq/llama-3.3-70b-versatile", "tokenCount": .int(120 + message.count), "costUsd": 0.002],
                ["type": "guardrail", "guardrailType": "toxicity-filter", "invoked": true, "score": 0.05],
            ]]
            let request = HTTPClientRequest(url: controlPlane + "/agentspec/events", method: .post,
                                            headers: ["Content-Type": "application/json"],
                                            body: Array(JSONWriter.write(events).utf8), timeoutNanos: 2_000_000_000)
            Task { _ = try? await client.send(request) }
        }
    }

    /// Server-sent events, one chunk every 100 ms, with the behaviour headers up front.
    static func stream(_ exchange: HTTPServerExchange, message: String) {
        let (guardrails, tools) = behaviour(message)
        var headers: HTTPHeaders = ["Content-Type": "text/event-stream", "Cache-Control": "no-cache",
                                    AgentReportHeader.guardrailsInvoked: guardrails.joined(separator: ",")]
        if !tools.isEmpty { headers.add(name: AgentReportHeader.toolsCalled, value: tools.joined(separator: ",")) }
        exchange.writeHead(HTTPResponseHead(status: 200, headers: headers))
        streamWords(["Warm", "up,", "then", "three", "sets."], from: 0, handle: exchange.handle)
    }

    /// Writes `words[index]` 100 ms from now, then schedules the next one: each chunk is
    /// scheduled only once the one before it was written, so a loaded machine can delay
    /// the stream but never reorder it (timers of a concurrent queue may fire in any order).
    static func streamWords(_ words: [String], from index: Int, handle: ExchangeHandle) {
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100)) {
            handle.run { ex in
                ex.writeBody(Array("data: {\"token\":\"\(words[index])\"}\n\n".utf8))
                if index == words.count - 1 {
                    ex.writeBody(Array("data: [DONE]\n\n".utf8))
                    ex.end()
                } else {
                    streamWords(words, from: index + 1, handle: handle)
                }
            }
        }
    }

    static func json(_ exchange: HTTPServerExchange, _ status: Int, _ body: Value) {
        exchange.respond(HTTPResponseHead(status: status, headers: ["Content-Type": "application/json"]),
                         body: Array(JSONWriter.write(body).utf8))
    }

    static func query(_ target: String, _ name: String) -> String? {
        guard let q = target.firstIndex(of: "?") else { return nil }
        for pair in target[target.index(after: q)...].split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            if kv.count == 2, kv[0] == name { return String(kv[1]).removingPercentEncoding?.replacingOccurrences(of: "+", with: " ") }
        }
        return nil
    }
}
