// ModuleContext: what a name means inside one module — its package, its imports by
// alias, and the names of the rules in its package. Queries have no module context.

/// Name-resolution facts for one module.
struct ModuleContext {
    let package: [String]
    /// Import alias -> imported path (e.g. "lib" -> ["data", "lib"]).
    let imports: [String: [String]]
    /// First path segments of the rules in this package (from every module of it).
    let ruleNames: Set<String>
    /// The module imports `future.keywords.not` (or all of `future.keywords`): there `not`
    /// covers its whole expression, nested calls and operands included, where a plain
    /// `not` has OPA evaluate those before it (BodyCompiler+Negation.swift).
    var negatesWholeExpressions = false
}

extension ModuleContext {
    /// The context of `module`, whose package has rules named `ruleNames`.
    init(module: Module, ruleNames: Set<String>) {
        self.init(package: module.package,
                  imports: Dictionary(module.imports.filter { $0.path[0] == "data" || $0.path[0] == "input" }
                      .map { ($0.alias, $0.path) }, uniquingKeysWith: { a, _ in a }),
                  ruleNames: ruleNames,
                  negatesWholeExpressions: module.imports.contains {
                      $0.path == ["future", "keywords"] || $0.path == ["future", "keywords", "not"]
                  })
    }
}

extension ModuleContext {
    /// What a name that is not a variable of the body refers to: a root document, an
    /// import, or a rule of the package (nil: a variable). `context` is nil in queries.
    static func resolveGlobal(_ name: String, in context: ModuleContext?) -> ResolvedName? {
        if name == "input" { return .input }
        if name == "data" { return .data }
        guard let ctx = context else { return nil }
        if let path = ctx.imports[name] {
            return path[0] == "data" ? .dataPath(Array(path.dropFirst())) : .inputPath(Array(path.dropFirst()))
        }
        if ctx.ruleNames.contains(name) { return .dataPath(ctx.package + [name]) }
        return nil
    }
}

/// What a name in a body refers to.
enum ResolvedName {
    /// A bound local variable.
    case local(Register)
    /// A variable not bound yet.
    case unbound
    case input
    case data
    /// A path below `data` (a rule of the package, or an imported data path).
    case dataPath([String])
    /// A path below `input` (an imported input path).
    case inputPath([String])
}
