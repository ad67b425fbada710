// BuiltinRegistry: every builtin the subset supports, by name. Immutable: built once
// from the family lists, so it is shared freely across threads.

/// The table of builtins, looked up by dotted name.
package enum BuiltinRegistry {
    /// All supported builtins by name.
    package static let all: [String: Builtin] = {
        var table: [String: Builtin] = [:]
        let families: [[Builtin]] = [
            AggregateBuiltins.all,
            ArithmeticBuiltins.all,
            ComparisonBuiltins.all,
            NumberBuiltins.all,
            StringBuiltins.all,
            MultiStringBuiltins.all,
            PrintBuiltins.all,
            ArrayBuiltins.all,
            ObjectBuiltins.all,
            SetBuiltins.all,
            TypeBuiltins.all,
            RegexBuiltins.all,
            GlobBuiltins.all,
            EncodingBuiltins.all,
            TimeBuiltins.all,
            UnitsBuiltins.all,
            SemverBuiltins.all,
            CryptoBuiltins.all,
            URLQueryBuiltins.all,
            NetBuiltins.all,
            UUIDBuiltins.all,
            RandomBuiltins.all,
            JSONPathBuiltins.all,
            TraversalBuiltins.all,
            JWTBuiltins.all,
            JWTSigning.all,
            JWTDecodeVerify.all,
            BitsBuiltins.all,
            JSONMarshalOptions.all,
            RuntimeBuiltins.all,
        ]
        for family in families {
            for b in family { table[b.name] = b }
        }
        return table
    }()

    package static func lookup(_ name: String) -> Builtin? { all[name] }
}
