// ModuleContext: what a name means inside one module — its package, its imports by
// alias, and the names of the rules in its package. Queries have no module context.

/// Name-resolution facts for one module.
struct ModuleContext {
    let package: [String]
    /// Import alias -> imported path (e.g. "lib" -> ["data", "lib"]).
    let imports: [String: [String]]
    /// First path segments of the rules in this package (from every module of it).
    let ruleNames: Set<String>
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
