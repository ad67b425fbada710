// DataAPIEndpoint: OPA's Data API answered by the embedded engine, so an OPA client can
// query the sidecar: POST /v1/data/{path} with {"input": …} (or GET with `?input=`) →
// {"result": value}, or {} when the document is undefined; the request is read as OPA
// reads it (DataAPIRequest). With DECISION_LOG_URL every query is a decision, as in OPA:
// it is logged (DataQueryRecord) and its answer carries the event's `decision_id`, so a
// caller can find it at the collector.
import PolicyVM

struct DataAPIEndpoint {
    static let maxBodyBytes = 1 << 20

    let state: SidecarState

    func answer(_ exchange: HTTPServerExchange, path: String, query: String) {
        let steps = path.split(separator: "/").map(String.init)
        let handle = exchange.handle
        let policy = state.policies.current
        let log = state.decisionLog
        let evaluate: @Sendable (DataAPIRequest, _ warnIfNoInput: Bool) -> Void = { request, warnIfNoInput in
            handle.run { exchange in
                let input = request.input
                let query = LoggedQuery(log: log, policy: policy, path: steps.joined(separator: "/"), input: input,
                                        requestedBy: exchange.remoteAddress.description)
                do {
                    let q = try PreparedQuery.document(steps, program: policy.embedded.query.program)
                    let v = try q.evaluateValue(input: input, options: EvaluationOptions(strictBuiltinErrors: request.strictBuiltinErrors))
                    var answer = v.map { RegoObject(["result": $0]) } ?? RegoObject()
                    if let id = query.log(result: v, error: nil) { answer["decision_id"] = .string(id.description) }
                    if input == nil && warnIfNoInput { answer["warning"] = DataAPIRequest.inputMissingWarning }
                    exchange.respond(200, .object(answer))
                } catch {
                    let errors = (error as? PolicyErrors)?.errors ?? (error as? PolicyError).map { [$0] } ?? []
                    if let first = errors.first { _ = query.log(result: nil, error: (first.code.rawValue, first.message)) }
                    exchange.respond(500, Self.evaluationError(errors, other: error))
                }
            }
        }
        if exchange.request.method != .post {
            do throws(DataAPIRequest.Malformed) { evaluate(try DataAPIRequest(query: query), false) } catch {
                exchange.respond(400, error.body)
            }
            return
        }
        exchange.readWholeBody(limit: Self.maxBodyBytes) { body in
            handle.run { exchange in
                do throws(DataAPIRequest.Malformed) { evaluate(try DataAPIRequest(query: query, body: body), true) } catch {
                    exchange.respond(400, error.body)
                }
            }
        }
    }
}

extension DataAPIEndpoint {
    /// OPA's answer to a query its evaluation failed: 500, `internal_error`, and the
    /// evaluation's errors (code, message, location) listed.
    static func evaluationError(_ errors: [PolicyError], other: Error) -> Value {
        guard !errors.isEmpty else { return .object(["code": "internal_error", "message": .string("\(other)")]) }
        let listed: [Value] = errors.map { e in
            var o: RegoObject = ["code": .string(e.code.rawValue), "message": .string(e.message)]
            if let l = e.location, l.line > 0 {
                o["location"] = .object(["file": .string(l.file), "row": .number(.int(Int64(l.line))), "col": .number(.int(Int64(l.column)))])
            }
            return .object(o)
        }
        return .object(["code": "internal_error", "message": "error(s) occurred while evaluating query", "errors": .array(listed)])
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
