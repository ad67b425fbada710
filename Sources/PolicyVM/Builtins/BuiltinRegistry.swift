// BuiltinRegistry: every builtin the subset supports, by name. Immutable: built once
// from the family lists, so it is shared freely across threads.

/// The table of builtins, looked up by dotted name.
public enum BuiltinRegistry {
    /// All supported builtins by name.
    public static let all: [String: Builtin] = {
        var table: [String: Builtin] = [:]
        let families: [[Builtin]] = [
            AggregateBuiltins.all,
        ]
        for family in families {
            for b in family { table[b.name] = b }
        }
        return table
    }()

    public static func lookup(_ name: String) -> Builtin? { all[name] }
}
