// URL query builtins: urlquery.encode, urlquery.decode, urlquery.encode_object,
// urlquery.decode_object, as Go's net/url does them for OPA. Invariant: an object is
// encoded with its keys in byte order (Go's url.Values.Encode sorts them), so the
// same object always gives the same text.

enum URLQueryBuiltins {
    static let all: [Builtin] = [encode, decode, encodeObject, decodeObject]

    static let encode = builtin("urlquery.encode") { ops throws(BuiltinError) in
        .string(URLQueryEscaping.escape(try ops.string(1)))
    }

    static let decode = builtin("urlquery.decode") { ops throws(BuiltinError) in
        switch URLQueryEscaping.unescape(try ops.string(1)) {
        case .success(let s): return .string(s)
        case .failure(let e): throw .failure(ops.name, e.message)
        }
    }

    /// urlquery.encode_object({"a": "1", "b": ["2", "3"]}) is "a=1&b=2&b=3".
    static let encodeObject = builtin("urlquery.encode_object") { ops throws(BuiltinError) in
        let object = try ops.object(1)
        var entries: [(key: [UInt8], values: [String])] = []
        for (key, value) in object {
            guard case .string(let k) = key else { throw .failure(ops.name, "object key must be string") }
            var values: [String] = []
            let items: [Value]
            switch value {
            case .string(let s): items = [.string(s)]
            case .array(let a): items = a
            case .set(let s): items = s.sorted()  // as OPA's JSON conversion orders a set
            default: throw badValue(ops.name)
            }
            for item in items {
                guard case .string(let s) = item else { throw badValue(ops.name) }
                values.append(s)
            }
            entries.append((Array(k.utf8), values))
        }
        entries.sort { $0.key.lexicographicallyPrecedes($1.key) }
        var parts: [String] = []
        for (key, values) in entries {
            let k = URLQueryEscaping.escape(String(decoding: key, as: UTF8.self))
            for v in values { parts.append(k + "=" + URLQueryEscaping.escape(v)) }
        }
        return .string(parts.joined(separator: "&"))
    }

    private static func badValue(_ name: String) -> BuiltinError {
        .operandText(name, 1, "values must be string, array[string], or set[string]")
    }

    /// urlquery.decode_object("a=1&b=2&b=3") is {"a": ["1"], "b": ["2", "3"]}.
    static let decodeObject = builtin("urlquery.decode_object") { ops throws(BuiltinError) in
        switch URLQueryEscaping.parseQuery(try ops.string(1)) {
        case .success(let pairs):
            var object = RegoObject(minimumCapacity: pairs.count)
            for (key, values) in pairs { object[.string(key)] = .array(values.map(Value.string)) }
            return .object(object)
        case .failure(let e):
            throw .failure(ops.name, e.message)
        }
    }
}
