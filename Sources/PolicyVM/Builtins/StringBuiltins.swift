// String builtins: concat, contains, startswith, endswith, lower, upper, split, trim
// and friends, replace, substring, indexof, strings.reverse. Invariant: lengths and
// offsets count Unicode code points (Go runes), and matching is exact on code points.

enum StringBuiltins {
    static let all: [Builtin] = [
        concat, indexof, substring, reverse,
        test("contains", StringSearch.contains),
        test("startswith", StringSearch.hasPrefix),
        test("endswith", StringSearch.hasSuffix),
        map("lower") { StringSearch.mapCase($0, upper: false) },
        map("upper") { StringSearch.mapCase($0, upper: true) },
        map("trim_space", StringSearch.trimSpace),
        pair("trim") { StringSearch.trim($0, cutset: $1, leading: true, trailing: true) },
        pair("trim_left") { StringSearch.trim($0, cutset: $1, leading: true, trailing: false) },
        pair("trim_right") { StringSearch.trim($0, cutset: $1, leading: false, trailing: true) },
        pair("trim_prefix") { s, p in StringSearch.hasPrefix(s, p) ? String(decoding: s.utf8.dropFirst(p.utf8.count), as: UTF8.self) : s },
        pair("trim_suffix") { s, p in StringSearch.hasSuffix(s, p) ? String(decoding: s.utf8.dropLast(p.utf8.count), as: UTF8.self) : s },
        split, replace,
    ]

    static let concat = builtin("concat") {
        ops throws(BuiltinError) in
        let delimiter = try ops.string(1)
        return .string(try ops.strings(2, expected: "one of {set, array}").joined(separator: delimiter))
    }

    static let split = builtin("split") { ops throws(BuiltinError) in
        let s = try ops.string(1), delimiter = try ops.string(2)
        return .array(StringSearch.split(s, by: delimiter).map(Value.string))
    }

    static let replace = builtin("replace") { ops throws(BuiltinError) in
        let s = try ops.string(1), old = try ops.string(2), new = try ops.string(3)
        return .string(GoReplacer.replace(s, pairs: [(old, new)]))
    }

    /// substring(s, start, length): runes; a negative length means "to the end".
    static let substring = builtin("substring") { ops throws(BuiltinError) in
        let s = try ops.string(1)
        let start = try ops.integer(2), length = try ops.integer(3)
        if start < 0 { throw .failure(ops.name, "negative offset") }
        let scalars = Array(s.unicodeScalars)
        guard start < scalars.count else { return .string("") }
        let from = Int(start)
        let to = length < 0 ? scalars.count : Int(min(Int64(scalars.count), start + min(length, Int64(scalars.count))))
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[from..<to])
        return .string(String(out))
    }

    /// indexof(s, search): the rune index of the first match, or -1.
    static let indexof = builtin("indexof") { ops throws(BuiltinError) in
        let s = try ops.string(1), search = try ops.string(2)
        if search.isEmpty { throw .failure(ops.name, "empty search character") }
        let bytes = Array(s.utf8)
        guard let byteOffset = StringSearch.firstIndex(of: Array(search.utf8), in: bytes) else { return .int(-1) }
        // Count the runes before the match: every byte that does not continue a sequence.
        return .int(bytes[..<byteOffset].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) })
    }

    static let reverse = map("strings.reverse") { s in
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s.unicodeScalars.reversed())
        return String(out)
    }

    private static func test(_ name: String, _ f: @escaping @Sendable (String, String) -> Bool) -> Builtin {
        builtin(name) { ops throws(BuiltinError) in
            let a = try ops.string(1), b = try ops.string(2)
            return .bool(f(a, b))
        }
    }

    private static func map(_ name: String, _ f: @escaping @Sendable (String) -> String) -> Builtin {
        builtin(name) { ops throws(BuiltinError) in .string(f(try ops.string(1))) }
    }

    private static func pair(_ name: String, _ f: @escaping @Sendable (String, String) -> String) -> Builtin {
        builtin(name) { ops throws(BuiltinError) in
            let a = try ops.string(1), b = try ops.string(2)
            return .string(f(a, b))
        }
    }
}
