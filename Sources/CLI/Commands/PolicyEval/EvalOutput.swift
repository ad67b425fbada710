// EvalOutput: the output formats of `opa eval` (OPA's internal/presentation), for the
// results of one query:
//   json      {"result": [{"expressions": [{"value", "text", "location"}], "bindings"}]},
//             `{}` when undefined; errors as {"errors": [{"location", "message", "code"}]}
//   values    per result, the JSON array of its expressions' values
//   bindings  per result, the JSON object of its bindings (`{}` when it has none)
//   raw       per result, its values on one line separated by spaces, strings unquoted
//   pretty    one result without bindings whose expressions are one, or all booleans:
//             the first value as JSON; otherwise a table (EvalPrettyTable); `undefined`
// The text of each is OPA's to the byte where it could be checked (see the tests).
import PolicyVM

enum EvalFormat: String, CaseIterable {
    case json, values, bindings, pretty, raw
}

enum EvalOutput {
    static func render(_ results: [EvalResult], as format: EvalFormat) -> String {
        switch format {
        case .json: return json(results)
        case .values:
            return results.map { GoJSONLayout.value(.array($0.expressions.map(\.value))).document() }.joined()
        case .bindings:
            return results.map { GoJSONLayout.value(bindingsObject($0)).document() }.joined()
        case .raw:
            return results.map { r in r.expressions.map { rawText($0.value) }.joined(separator: " ") + "\n" }.joined()
        case .pretty: return pretty(results)
        }
    }

    static func json(_ results: [EvalResult]) -> String {
        // rego.ResultSet with `omitempty`: no results, no "result" key.
        guard !results.isEmpty else { return GoJSONLayout.fields([]).document() }
        let entries: [GoJSONLayout] = results.map { r in
            var fields: [(String, GoJSONLayout)] = [("expressions", .list(r.expressions.map { e in
                .fields([("value", .value(e.value)), ("text", .value(.string(e.text))),
                         ("location", .fields([("row", .value(intValue(e.row))), ("col", .value(intValue(e.col)))]))])
            }))]
            if !r.bindings.isEmpty { fields.append(("bindings", .value(bindingsObject(r)))) }
            return .fields(fields)
        }
        return GoJSONLayout.fields([("result", .list(entries))]).document()
    }

    /// OPA's `{"errors": [...]}` for --format json (presentation.OutputError's fields,
    /// in their order: location, message, code).
    static func jsonErrors(_ errors: [PolicyError]) -> String {
        let items: [GoJSONLayout] = errors.map { e in
            var fields: [(String, GoJSONLayout)] = []
            if let loc = e.location, loc.line > 0 {
                // OPA's query has no file name.
                let file = loc.file == "query" ? "" : loc.file
                fields.append(("location", .fields([("file", .value(.string(file))), ("row", .value(intValue(loc.line))),
                                                    ("col", .value(intValue(loc.column)))])))
            }
            fields.append(("message", .value(.string(e.message))))
            fields.append(("code", .value(.string(e.code.rawValue))))
            return .fields(fields)
        }
        return GoJSONLayout.fields([("errors", .list(items))]).document()
    }

    /// The same shape for an error that is not Rego's (a file that does not load): a
    /// message only, as OPA prints loader errors.
    static func jsonErrors(messages: [String]) -> String {
        GoJSONLayout.fields([("errors", .list(messages.map { .fields([("message", .value(.string($0)))]) }))]).document()
    }

    static func pretty(_ results: [EvalResult]) -> String {
        guard let first = results.first else { return "undefined\n" }
        if results.count == 1, first.bindings.isEmpty,
           first.expressions.count == 1 || first.expressions.allSatisfy({ isBoolean($0.value) }) {
            return GoJSONLayout.value(first.expressions[0].value).document()
        }
        // Columns: the bindings of the first result by name, then its expressions —
        // only those that are not booleans when it has bindings.
        let names = first.bindings.map(\.name)
        let shown = first.expressions.indices.filter { !isBoolean(first.expressions[$0].value) || first.bindings.isEmpty }
        let header = names + shown.map { first.expressions[$0].text }
        let rows: [[String]] = results.map { r in
            let byName = Dictionary(r.bindings.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
            return names.map { cell(byName[$0]) } + shown.map { cell(r.expressions[$0].value) }
        }
        return EvalPrettyTable.render(header: header, rows: rows)
    }

    // MARK: pieces

    /// OPA truncates a cell's JSON past 80 bytes (`--pretty-limit`'s default) with "...".
    static let prettyLimit = 80

    private static func cell(_ value: Value?) -> String {
        let text = value.map(JSONWriter.write) ?? "null"
        guard text.utf8.count > prettyLimit else { return text }
        // Cut at a character boundary at or before the limit (Go cuts the bytes).
        var end = text.startIndex
        var bytes = 0
        for c in text {
            let n = String(c).utf8.count
            if bytes + n > prettyLimit { break }
            bytes += n
            end = text.index(after: end)
        }
        return String(text[..<end]) + "..."
    }

    private static func rawText(_ value: Value) -> String {
        if case .string(let s) = value { return s }
        return JSONWriter.write(value)
    }

    private static func bindingsObject(_ r: EvalResult) -> Value {
        var object: RegoObject = [:]
        for (name, value) in r.bindings { object[.string(name)] = value }
        return .object(object)
    }

    private static func isBoolean(_ v: Value) -> Bool {
        if case .bool = v { return true }
        return false
    }

    /// A row or column number as a JSON value (read from its text, so the number
    /// representation stays the JSON reader's business).
    private static func intValue(_ n: Int) -> Value {
        (try? JSONReader.parse(String(n))) ?? .null
    }
}
