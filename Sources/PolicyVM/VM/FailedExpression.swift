// FailedExpression: why a rule (a failing unit test) is undefined — the first expression
// of its body after which the body has no solution, where it is, and the values its
// variables had just before it (what `opa test --explain fails --var-values` shows).
// Found by evaluating the body's prefixes as queries in the rule's own module (its
// package and imports), so `with` modifiers and calls behave as in the rule. Invariant:
// only explains; it never changes a test's outcome, and a body it cannot split (a
// prefix that does not compile or raises) is reported as unexplained (nil).

/// The expression a rule body stopped at.
public struct FailedExpression: Sendable {
    public let location: SourceLocation
    /// The source line the expression starts on, without its indentation.
    public let text: String
    /// The expression's variables bound before it, in order of appearance, with values.
    public let bindings: [(name: String, value: Value)]
}

extension FailedExpression {
    /// Explains why the rule at `path` (below `data`), defined in `source`, is undefined:
    /// the first of its definitions' failing expressions; nil when none can be found.
    public static func find(rule path: [String], source: (name: String, text: String), program: Program,
                            options: EvaluationOptions = EvaluationOptions()) -> FailedExpression? {
        guard let module = try? Parser.parseModule(source.text, file: source.name),
              path.count > module.package.count, Array(path.prefix(module.package.count)) == module.package else { return nil }
        let name = Array(path.dropFirst(module.package.count))
        let context = ModuleContext(
            module: module,
            ruleNames: Set(program.ruleSets.compactMap { info in
                info.path.count > module.package.count && Array(info.path.prefix(module.package.count)) == module.package
                    ? info.path[module.package.count] : nil
            }))
        let lines = source.text.split(separator: "\n", omittingEmptySubsequences: false)
        for rule in module.rules where rule.path == name && !rule.isDefault && !rule.body.isEmpty {
            if let found = firstFailure(rule.body, context: context, program: program, options: options, lines: lines) {
                return found
            }
        }
        return nil
    }

    private static func firstFailure(_ body: [Literal], context: ModuleContext, program: Program,
                                     options: EvaluationOptions, lines: [Substring]) -> FailedExpression? {
        // The last prefix that had a solution: its variables and first solution.
        var before: (variables: [String], row: [Value]) = ([], [])
        for count in 1...body.count {
            let terms = body.prefix(count).map { QueryTerm(literal: $0, text: "") }
            // A prefix may not compile alone (a variable bound by a later expression):
            // the next, longer prefix decides.
            guard let query = try? PreparedQuery(terms, context: context, program: program) else { continue }
            guard let outcome = try? query.evaluate(input: nil, options: options) else { return nil }
            if let row = outcome.rows.first {
                before = (query.variables, row)
                continue
            }
            let failed = body[count - 1]
            var names: Set<String> = []
            NamesRead.collect(in: failed, into: &names)
            let bindings = zip(before.variables, before.row).filter { names.contains($0.0) }.map { (name: $0.0, value: $0.1) }
            let line = failed.location.line
            let text = line >= 1 && line <= lines.count ? lines[line - 1].trimmingPrefix(while: { $0 == " " || $0 == "\t" }) : ""
            return FailedExpression(location: failed.location, text: String(text), bindings: bindings)
        }
        return nil
    }
}
