// String builtins over several strings or with several results: strings.replace_n,
// strings.split_n, strings.count, indexof_n, strings.any_prefix_match and
// strings.any_suffix_match. Invariant: as in StringBuiltins, matching compares UTF-8
// bytes exactly and positions count Unicode scalars (Go runes).

enum MultiStringBuiltins {
    static let all: [Builtin] = [replaceN, splitN, count, indexofN, anyPrefixMatch, anySuffixMatch]

    /// strings.replace_n(patterns, value): every key of `patterns` replaced by its value,
    /// the keys tried in sorted order at each position (GoReplacer).
    static let replaceN = builtin("strings.replace_n") { ops throws(BuiltinError) in
        let patterns = try ops.object(1)
        let s = try ops.string(2)
        var pairs: [(old: String, new: String)] = []
        for key in patterns.keys.sorted() {
            guard case .string(let old) = key else {
                throw .operandText(ops.name, 1, "non-string key found in pattern object")
            }
            guard case .string(let new)? = patterns[key] else {
                throw .operandText(ops.name, 1, "non-string value found in pattern object")
            }
            pairs.append((old, new))
        }
        return .string(GoReplacer.replace(s, pairs: pairs))
    }

    /// strings.split_n(s, delimiter, n): the first n parts of Go's SplitN(s, d, n + 1)
    /// for n ≥ 0, the last -n parts of Split(s, d) for n < 0.
    static let splitN = builtin("strings.split_n") { ops throws(BuiltinError) in
        let s = try ops.string(1), delimiter = try ops.string(2)
        let n = try ops.integer(3)
        let parts = StringSearch.split(s, by: delimiter)
        if n < 0 {
            return .array(parts.suffix(Int(min(-(n + 1), Int64(parts.count - 1)) + 1)).map(Value.string))
        }
        guard n > 0 else { return .emptyArray }
        if n >= parts.count { return .array(parts.map(Value.string)) }
        // SplitN(s, d, n + 1) keeps the first n parts whole: exactly Split's first n.
        return .array(parts.prefix(Int(n)).map(Value.string))
    }

    /// strings.count(s, substring): non-overlapping occurrences; an empty substring
    /// counts the rune boundaries (runes + 1), as Go's strings.Count.
    static let count = builtin("strings.count") { ops throws(BuiltinError) in
        let s = try ops.string(1), sub = try ops.string(2)
        if sub.isEmpty { return .int(s.unicodeScalars.count + 1) }
        let bytes = Array(s.utf8), needle = Array(sub.utf8)
        var n = 0, start = 0
        while let i = StringSearch.firstIndex(of: needle, in: bytes, from: start) {
            n += 1
            start = i + needle.count
        }
        return .int(n)
    }

    /// indexof_n(s, search): the rune index of every occurrence, overlapping ones too.
    static let indexofN = builtin("indexof_n") { ops throws(BuiltinError) in
        let s = try ops.string(1), search = try ops.string(2)
        if search.isEmpty { throw .failure(ops.name, "empty search character") }
        let runes = Array(s.unicodeScalars), needle = Array(search.unicodeScalars)
        var found: [Value] = []
        if runes.count >= needle.count {
            for i in 0...(runes.count - needle.count) where runes[i..<(i + needle.count)].elementsEqual(needle) {
                found.append(.int(i))
            }
        }
        return .array(found)
    }

    /// strings.any_prefix_match(search, base): whether any of the strings starts with
    /// any of the prefixes; either side a string, an array or a set of strings.
    static let anyPrefixMatch = builtin("strings.any_prefix_match") { ops throws(BuiltinError) in
        let strings = try stringOrStrings(ops, 1), prefixes = try stringOrStrings(ops, 2)
        return .bool(prefixes.contains { p in strings.contains { StringSearch.hasPrefix($0, p) } })
    }

    static let anySuffixMatch = builtin("strings.any_suffix_match") { ops throws(BuiltinError) in
        let strings = try stringOrStrings(ops, 1), suffixes = try stringOrStrings(ops, 2)
        return .bool(suffixes.contains { p in strings.contains { StringSearch.hasSuffix($0, p) } })
    }

    private static func stringOrStrings(_ ops: Operands, _ index: Int) throws(BuiltinError) -> [String] {
        switch ops[index] {
        case .string(let s): return [s]
        case .array, .set: return try ops.strings(index)
        default: throw .operand(ops.name, index, "one of {string, set, array}", got: ops[index])
        }
    }
}
