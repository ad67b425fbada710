// DataAPIEndpoint: OPA's Data API answered by the embedded engine, so an OPA client can
// query the sidecar: POST /v1/data/{path} with {"input": …} (or GET without input) →
// {"result": value}, or {} when the document is undefined. With DECISION_LOG_URL every
// query is a decision, as in OPA: it is logged (DataQueryRecord) and its answer carries
// the event's `decision_id`, so a caller can find it at the collector.
import PolicyVM

struct DataAPIEndpoint {
    static let maxBodyBytes = 1 << 20

    let state: SidecarState

    func answer(_ exchange: HTTPServerExchange, path: String) {
        let steps = path.split(separator: "/").map(String.init)
        let handle = exchange.handle
        let policy = state.policies.current
        let log = state.decisionLog
        let evaluate: @Sendable (Value?) -> Void = { input in
            handle.run { exchange in
                let query = LoggedQuery(log: log, policy: policy, path: steps.joined(separator: "/"), input: input,
                                        requestedBy: exchange.remoteAddress.description)
                do {
                    let q = try PreparedQuery.document(steps, program: policy.embedded.query.program)
                    let v = try q.evaluateValue(input: input, options: EvaluationOptions(strictBuiltinErrors: false))
                    var answer = v.map { RegoObject(["result": $0]) } ?? RegoObject()
                    if let id = query.log(result: v, error: nil) { answer["decision_id"] = .string(id.description) }
                    exchange.respond(200, .object(answer))
                } catch let e as PolicyErrors {
                    let code = e.errors[0].code.rawValue, message = e.errors[0].description
                    _ = query.log(result: nil, error: (code, message))
                    exchange.respond(400, .object(["code": .string(code), "message": .string(message)]))
                } catch {
                    exchange.respond(500, .object(["code": "internal_error", "message": .string("\(error)")]))
                }
            }
        }
        if exchange.request.method == .get { evaluate(nil); return }
        exchange.readWholeBody(limit: Self.maxBodyBytes) { body in
            handle.run { exchange in
                if body.isEmpty { evaluate(nil); return }
                guard let json = exchange.parseJSON(body) else { return }
                guard case .object = json else {
                    exchange.respond(400, .object(["error": "BadRequest", "message": "body must be a JSON object"]))
                    return
                }
                evaluate(json.field("input"))
            }
        }
    }
}

/// One Data API query on its way to the decision log (when there is one): started when
/// made, so the event's timer covers the evaluation.
private struct LoggedQuery {
    let log: DecisionLog?
    let policy: AgentPolicy
    let path: String
    let input: Value?
    let requestedBy: String
    let started = Clock.monotonicNanoseconds()

    /// Enqueues the query's event; its decision id, or nil without a decision log.
    func log(result: Value?, error: (code: String, message: String)?) -> DecisionId? {
        guard let log else { return nil }
        let id = log.nextId()
        log.enqueue(DataQueryRecord(id: id, path: path, input: input, result: result, error: error, requestedBy: requestedBy,
                                    policy: policy, unixNanos: Clock.unixNanoseconds(),
                                    nanoseconds: Clock.monotonicNanoseconds() - started))
        return id
    }
}
