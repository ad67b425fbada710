// HTTPServerExchange+JSON: JSON in and out of an exchange, for the sidecar's own
// endpoints (the control plane and the events path): a whole body read up to a limit,
// parsed with a 400 that gives the parser's position, and JSON answers.
import PolicyVM

extension HTTPServerExchange {
    /// Answers `status` with `body` as JSON (`extra` fields sorted by name after Content-Type).
    func respond(_ status: Int, _ body: Value, extra: [String: String] = [:]) {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        for (k, v) in extra.sorted(by: { $0.key < $1.key }) { headers.add(name: k, value: v) }
        var bytes: [UInt8] = []
        JSONWriter.append(body, to: &bytes)
        respond(HTTPResponseHead(status: status, headers: headers), body: bytes)
    }

    /// Reads the whole request body (up to `limit` bytes; past it the server answers 413).
    func readWholeBody(limit: Int, _ done: @escaping ([UInt8]) -> Void) {
        maxRequestBodyBytes = limit
        var body: [UInt8] = []
        readBody(onChunk: { body.append(contentsOf: $0) }, onEnd: { _ in done(body) })
    }

    /// Parses a JSON body, answering 400 with the parser's position when it is not JSON.
    func parseJSON(_ body: [UInt8]) -> Value? {
        do {
            return try JSONReader.parse(bytes: body)
        } catch {
            respond(400, .object(["error": "BadRequest", "message": .string("malformed JSON at \(error.line):\(error.column): \(error.message)")]))
            return nil
        }
    }
}
