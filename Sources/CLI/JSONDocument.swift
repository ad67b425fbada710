// JSONDocument: what `--json` prints. Every such output of the CLI (validate, audit,
// health, generate-policy, policy build, policy fmt) is one JSON object on stdout carrying `schemaVersion`, on
// success and on failure alike, so a script always has a document to read. The shapes
// are documented in docs/json-output.md. A usage error (exit 64) prints no document.
import AgentSpec
import PolicyVM

enum JSONDocument {
    /// The documents' schema version: the minor part grows when fields are added, the
    /// major part when a field changes meaning or goes away.
    static let schemaVersion = "1.0"

    /// Prints the object `members` with `extra` and `schemaVersion` added.
    static func print(_ members: Value, adding extra: RegoObject = [:], pretty: Bool = true) {
        var object: RegoObject = [:]
        if case .object(let given) = members { object = given }
        for (key, value) in extra { object[key] = value }
        object["schemaVersion"] = .string(schemaVersion)
        Output.out(pretty ? JSONWriter.writePretty(.object(object)) : JSONWriter.write(.object(object)))
    }

    /// One diagnostic: `{"path","line","column","message","code"}`.
    static func error(_ d: ManifestDiagnostic) -> Value {
        .object(["path": .string(d.path), "line": .int(d.position.line), "column": .int(d.position.column),
                 "message": .string(d.message), "code": .string(d.code.rawValue)])
    }

    /// `validate`'s report: `{"valid","file","errors"}`.
    static func validation(_ loaded: LoadedManifest) -> Value {
        .object(["valid": .bool(loaded.isValid), "file": .string(loaded.file), "errors": .array(loaded.diagnostics.map(error))])
    }

    /// A command that needs a valid manifest did not get one: validate's report plus
    /// `error` {"code": "invalid-manifest", "message"}.
    static func invalidManifest(_ loaded: LoadedManifest, _ message: String) -> Value {
        var doc: RegoObject = [:]
        if case .object(let report) = validation(loaded) { doc = report }
        doc["valid"] = .bool(false)
        doc["error"] = .object(["code": "invalid-manifest", "message": .string(message)])
        return .object(doc)
    }

    /// A Rego error as the documents list it: `{"file","line","column","code","message"}`.
    static func regoError(_ e: PolicyError) -> Value {
        var fields: RegoObject = ["code": .string(e.code.rawValue), "message": .string(e.message)]
        if let loc = e.location {
            fields["file"] = .string(loc.file)
            fields["line"] = .int(loc.line)
            fields["column"] = .int(loc.column)
        }
        return .object(fields)
    }

    /// Any other failure: `{"error": {"code", "message"}}` plus `extra` members.
    static func failure(code: String, message: String, _ extra: RegoObject = [:]) -> Value {
        var doc = extra
        doc["error"] = .object(["code": .string(code), "message": .string(message)])
        return .object(doc)
    }
}
