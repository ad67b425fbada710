// The registry: every builtin of the subset is there with OPA's declaration for the
// type checker, and no builtin traps on hostile arguments.
import Testing
@testable import PolicyVM

@Suite struct BuiltinRegistryTests {
    static let required: [(String, Int)] = [
        ("count", 1), ("sum", 1), ("product", 1), ("max", 1), ("min", 1), ("sort", 1), ("abs", 1), ("round", 1),
        ("ceil", 1), ("floor", 1), ("numbers.range", 2), ("to_number", 1), ("format_int", 2), ("concat", 2),
        ("contains", 2), ("startswith", 2), ("endswith", 2), ("lower", 1), ("upper", 1), ("split", 2), ("trim", 2),
        ("trim_space", 1), ("trim_left", 2), ("trim_right", 2), ("trim_prefix", 2), ("trim_suffix", 2),
        ("replace", 3), ("substring", 3), ("indexof", 2), ("strings.reverse", 1), ("sprintf", 2),
        ("array.concat", 2), ("array.slice", 3), ("array.reverse", 1), ("object.get", 3), ("object.keys", 1),
        ("object.remove", 2), ("object.union", 2), ("object.filter", 2), ("union", 1), ("intersection", 1),
        ("is_string", 1), ("is_number", 1), ("is_boolean", 1), ("is_array", 1), ("is_set", 1), ("is_object", 1),
        ("is_null", 1), ("type_name", 1), ("regex.match", 2), ("regex.split", 2), ("glob.match", 3),
        ("json.marshal", 1), ("json.unmarshal", 1), ("json.is_valid", 1), ("base64.encode", 1),
        ("base64.decode", 1), ("time.now_ns", 0), ("time.parse_rfc3339_ns", 1), ("units.parse_bytes", 1),
        ("semver.compare", 2), ("semver.is_valid", 1), ("plus", 2), ("minus", 2), ("mul", 2), ("div", 2),
        ("rem", 2), ("equal", 2), ("neq", 2), ("lt", 2), ("lte", 2), ("gt", 2), ("gte", 2), ("and", 2), ("or", 2),
    ]

    @Test func everyBuiltinIsRegisteredWithItsArity() {
        for (name, arity) in Self.required {
            guard let b = BuiltinRegistry.lookup(name) else { Issue.record("missing \(name)"); continue }
            #expect(b.arity == arity, "\(name)")
            #expect(b.name == name)
        }
        #expect(BuiltinRegistry.lookup("print")?.signature.variadic == .any)
    }

    /// The declarations table covers the registry: a builtin without OPA's declaration
    /// could not be type-checked, and its arity would be unknown.
    @Test func everyBuiltinHasItsDeclaration() {
        for name in BuiltinRegistry.all.keys {
            #expect(BuiltinSignatures.table[name] != nil, "\(name)")
        }
    }

    @Test func declarationsRejectImpossibleArguments() throws {
        let lower = try #require(BuiltinRegistry.lookup("lower")).signature
        #expect(!RegoType.unifies(.number, lower.arguments[0]))
        let concat = try #require(BuiltinRegistry.lookup("concat")).signature
        #expect(!RegoType.unifies(.string, concat.arguments[1]))
        #expect(RegoType.unifies(.set(.string), concat.arguments[1]))
        let count = try #require(BuiltinRegistry.lookup("count")).signature
        #expect(!RegoType.unifies(.null, count.arguments[0]))
        #expect(RegoType.unifies(.string, count.arguments[0]))
        let minus = try #require(BuiltinRegistry.lookup("minus")).signature
        #expect(RegoType.unifies(.anySet, minus.arguments[0]) && !RegoType.unifies(.string, minus.arguments[0]))
    }

    static let hostile: [Value] = [
        .null, true, 0, -1, .int(Int.max), .int(Int.min), .double(.nan), .double(.infinity), .double(-1e300),
        .double(1e300), 0.5, "", "é", "%", "%*.*[99]d", "[", "(", "\\", "{", "*", "0x", "9999999999999999999999",
        [], [""], [.int(Int.max)], .emptyObject, ["a": ["b": 1]], set(), set(set(1)),
    ]

    /// Every builtin, with every short combination of hostile arguments: errors are
    /// fine, crashes are not. Arguments past the first two are drawn from a few.
    @Test func noBuiltinTrapsOnHostileArguments() {
        var calls = 0
        for (name, b) in BuiltinRegistry.all where name != "numbers.range" {
            let arity = max(b.arity, 1)
            for a in Self.hostile {
                for c in arity >= 2 ? Self.hostile : [.null] {
                    var args = [a, c]
                    while args.count < arity { args.append(args.count % 2 == 0 ? -1 : "x") }
                    _ = try? Call.run(name, Array(args.prefix(arity)))
                    calls += 1
                }
            }
            _ = try? Call.run(name, [])
        }
        #expect(calls > 1000)
    }

    @Test func hugeRangesAreRefusedNotBuilt() {
        #expect(Call.error("numbers.range", [.int(Int.min), .int(Int.max)]) != nil)
        #expect(Call.error("numbers.range", [0, 10]) == nil)
    }
}
