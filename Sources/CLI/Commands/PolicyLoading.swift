// PolicyLoading: what every policy command does around PolicyFileLoader — load paths
// (printing a load error and giving up), compile a query over what was loaded, and
// print Rego errors as `file:line:col: code: message` with the source line and a caret.
import AgentSpec
import PolicyVM

enum PolicyLoading {
    /// Data files (`-d`) and bundles (`-b`) loaded together, or nil after printing why.
    static func load(dataFiles: [String], bundles: [String] = []) -> LoadedPolicy? {
        do { return try PolicyFileLoader.load(dataFiles: dataFiles, bundles: bundles) } catch {
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

    static func compile(_ query: String, _ loaded: LoadedPolicy) throws(PolicyErrors) -> PreparedQuery {
        let program = try PolicyCompiler.compile(loaded.modules, data: loaded.data)
        return try PreparedQuery(query, program: program)
    }

    static func report(_ errors: [PolicyError], sources: [(name: String, text: String)], query: String) {
        for e in errors {
            Output.err(e.description)
            guard let loc = e.location, loc.line > 0 else { continue }
            let text = loc.file == "query" ? query : sources.first(where: { $0.name == loc.file })?.text
            guard let text else { continue }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            guard loc.line <= lines.count else { continue }
            Output.err("  " + lines[loc.line - 1])
            Output.err("  " + String(repeating: " ", count: max(0, loc.column - 1)) + "^")
        }
    }
}
