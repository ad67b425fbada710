// DataAPIRequest: what a Data API request asks, read as OPA's server reads it — the input
// of a POST from its body's `input` member (absent, or null, is no input: OPA answers
// with a warning), the input of a GET from its last `input` query parameter (JSON), and
// `strict-builtin-errors` from the query (present without a value, or `true`, in any
// case). A malformed input is OPA's 400 `invalid_parameter` with OPA's wording.
import PolicyVM

struct DataAPIRequest {
    let input: Value?
    let strictBuiltinErrors: Bool

    /// OPA's warning for a POST without an input.
    static let inputMissingWarning: Value = .object(["code": "api_usage_warning",
                                                     "message": "'input' key missing from the request"])

    /// Why a request could not be read: OPA's error body.
    struct Malformed: Error {
        let message: String
        var body: Value { .object(["code": "invalid_parameter", "message": .string(message)]) }
    }

    /// A GET: the input from the query.
    init(query: String) throws(Malformed) {
        let parameters = Self.parameters(query)
        strictBuiltinErrors = Self.isTrue(parameters["strict-builtin-errors"])
        if let text = parameters["input"]?.last {
            do { input = try JSONReader.parse(bytes: Array(text.utf8)) } catch {
                throw Malformed(message: "parameter contains malformed input document: \(error.message)")
            }
        } else {
            input = nil
        }
    }

    /// A POST: the input from the body.
    init(query: String, body: [UInt8]) throws(Malformed) {
        strictBuiltinErrors = Self.isTrue(Self.parameters(query)["strict-builtin-errors"])
        guard !body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
            input = nil
            return
        }
        let json: Value
        do { json = try JSONReader.parse(bytes: body) } catch {
            throw Malformed(message: "body contains malformed input document: \(error.message)")
        }
        guard case .object = json else {
            throw Malformed(message: "body contains malformed input document: the request body must be a JSON object")
        }
        let given = json.field("input")
        input = given == .null ? nil : given
    }

    /// The query's values by name, as Go's URL.Query reads them: pairs that do not
    /// unescape are left out.
    static func parameters(_ query: String) -> [String: [String]] {
        Dictionary(URLQueryEscaping.readPairs(query).pairs.map { ($0.key, $0.values) }, uniquingKeysWith: +)
    }

    /// OPA's boolean query parameter: given once without a value, or any value `true`.
    static func isTrue(_ values: [String]?) -> Bool {
        guard let values else { return false }
        if values == [""] { return true }
        return values.contains { $0.lowercased() == "true" }
    }
}
