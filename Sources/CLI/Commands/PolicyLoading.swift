// PolicyLoading: what every policy command does around PolicyFileLoader — load paths
// (printing a load error and giving up), compile a query over what was loaded, and
// print Rego errors as `file:line:col: code: message` with the source line and a caret.
import AgentSpec
import PolicyVM

enum PolicyLoading {
    /// Data files (`-d`) and bundles (`-b`) loaded together, or nil after printing why.
    static func load(dataFiles: [String], bundles: [String] = [], ignoring: [FileNamePattern] = [],
                     signatures: BundleSignaturePolicy = .ignored) -> LoadedPolicy? {
        do { return try PolicyFileLoader.load(dataFiles: dataFiles, bundles: bundles, ignoring: ignoring, signatures: signatures) } catch {
            Output.err("error: \(error)")
            return nil
        }
    }

    static func prepare(_ query: String, _ loaded: LoadedPolicy) -> PreparedQuery? {
        do { return try compile(query, loaded) } catch {
            report(error.errors, sources: loaded.modules, query: query)
            return nil
        }
    }

    /// `strict`: OPA's compiler strict mode (StrictChecks), as `opa eval --strict`.
    static func compile(_ query: String, _ loaded: LoadedPolicy, strict: Bool = false) throws(PolicyErrors) -> PreparedQuery {
        let program = try PolicyCompiler.compile(loaded.modules, data: loaded.data, strict: strict)
        return try PreparedQuery(query, program: program)
    }

    static func report(_ errors: [PolicyError], sources: [(name: String, text: String)], query: String) {
        for e in errors {
            Output.err(e.description)
            guard let loc = e.location, loc.line > 0 else { continue }
            let text = loc.file == "query" ? query : sources.first(where: { $0.name == loc.file })?.text
            guard let text, let excerpt = excerpt(text, line: loc.line, column: loc.column) else { continue }
            Output.err("  " + excerpt.line)
            Output.err("  " + excerpt.caret)
        }
    }

    /// The source line of an error without its indenting tabs (as OPA prints it), and a
    /// caret under `column` (Unicode scalars, 1-based). The caret's lead keeps every tab
    /// left of the column, so it lines up however wide a terminal draws tabs.
    static func excerpt(_ text: String, line: Int, column: Int) -> (line: String, caret: String)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return nil }
        let scalars = Array(lines[line - 1].unicodeScalars)
        let indent = scalars.prefix { $0 == "\t" }.count
        let shown = scalars.dropFirst(indent)
        var lead = ""
        for scalar in shown.prefix(max(0, column - 1 - indent)) { lead.unicodeScalars.append(scalar == "\t" ? "\t" : " ") }
        var shownText = ""
        shownText.unicodeScalars.append(contentsOf: shown)
        return (shownText, lead + "^")
    }
}
