// PolicyLoading: loading bundles, compiling queries and printing errors the way every
// policy command does: `file:line:col: code: message`, the source line, a caret.
import PolicyVM

enum PolicyLoading {
    static func load(_ paths: [String]) -> PolicyBundle? {
        do { return try PolicyBundle.load(paths) } catch {
            Output.err("error: \(error)")
            return nil
        }
    }

    static func readJSON(_ path: String) -> Value? {
        do {
            let b = try PolicyBundle.load([path])
            return b.data
        } catch {
            Output.err("error: \(error)")
            return nil
        }
    }

    static func prepare(_ query: String, _ bundle: PolicyBundle) -> PreparedQuery? {
        do {
            let program = try PolicyCompiler.compile(bundle.modules, data: bundle.data)
            return try PreparedQuery(query, program: program)
        } catch {
            report(error.errors, sources: bundle.modules, query: query)
            return nil
        }
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
