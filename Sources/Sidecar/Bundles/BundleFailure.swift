// BundleFailure: why the newest bundle is not in force, as OPA's status reports it —
// `code` "bundle_error", a human `message`, the `http_code` of a refused download, and
// for a bundle that did not compile the compiler's `errors` ({code, message, location
// {file, row, col}}, OPA's AST error shape), so a status collector built for OPA shows
// the file and line at fault.
import PolicyVM

/// The standing failure of the bundle poller.
struct BundleFailure: Sendable, Equatable {
    /// OPA's one code for every bundle failure.
    static let code = "bundle_error"

    var message: String
    /// The server's status when it refused the download.
    var httpCode: Int?
    /// The compiler's errors when the bundle did not compile.
    var errors: [PolicyError] = []

    static func == (a: BundleFailure, b: BundleFailure) -> Bool {
        a.message == b.message && a.httpCode == b.httpCode && a.errors.map(\.description) == b.errors.map(\.description)
    }

    /// The status fields: `code`, `message`, and `http_code` / `errors` when known.
    var statusFields: [(key: String, value: Value)] {
        var fields: [(key: String, value: Value)] = [("code", .string(Self.code)), ("message", .string(message))]
        if let httpCode { fields.append(("http_code", .int(httpCode))) }
        if !errors.isEmpty { fields.append(("errors", .array(errors.map(Self.astError)))) }
        return fields
    }

    /// One compiler error in OPA's AST error shape.
    static func astError(_ e: PolicyError) -> Value {
        var error: RegoObject = ["code": .string(e.code.rawValue), "message": .string(e.message)]
        if let l = e.location {
            error["location"] = .object(["file": .string(l.file), "row": .int(l.line), "col": .int(l.column)])
        }
        return .object(error)
    }
}
