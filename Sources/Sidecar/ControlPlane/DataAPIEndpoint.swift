// DataAPIEndpoint: OPA's Data API answered by the embedded engine, so an OPA client can
// query the sidecar: POST /v1/data/{path} with {"input": …} (or GET without input) →
// {"result": value}, or {} when the document is undefined.
import PolicyVM

struct DataAPIEndpoint {
    static let maxBodyBytes = 1 << 20

    let state: SidecarState

    func answer(_ exchange: HTTPServerExchange, path: String) {
        let steps = path.split(separator: "/").map(String.init)
        let handle = exchange.handle
        let program = state.policies.current.embedded.query.program
        let evaluate: @Sendable (Value?) -> Void = { input in
            handle.run { exchange in
                do {
                    let q = try PreparedQuery.document(steps, program: program)
                    let v = try q.evaluateValue(input: input, options: EvaluationOptions(strictBuiltinErrors: false))
                    exchange.respond(200, v.map { .object(["result": $0]) } ?? .emptyObject)
                } catch let e as PolicyErrors {
                    exchange.respond(400, .object(["code": .string(e.errors[0].code.rawValue),
                                                                        "message": .string(e.errors[0].description)]))
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
