// Capabilities: what this VM supports, in the shape of OPA's capabilities document (what
// `opa capabilities --current` prints and `opa check --capabilities` reads): every
// builtin with its declaration, the `future.keywords` the parser accepts, the language
// features. Built at run time from BuiltinRegistry and BuiltinSignatures, so it grows
// with them. Invariant: every builtin the registry holds is listed, with the declaration
// the type checker checks its calls against; nothing is listed that the VM cannot run.

/// The capabilities document.
public enum Capabilities {
    /// The operators the compiler handles itself (no registry entry), as OPA lists them.
    static let languageOperators = ["eq", "assign", "internal.member_2", "internal.member_3"]

    /// OPA's relations: builtins that may give several results (listed with `relation`).
    static let relations: Set<String> = ["walk"]

    /// The builtins OPA marks `nondeterministic` (their result is not a function of the
    /// arguments: clocks, randomness, the network), as its capabilities list them.
    static let nondeterministic: Set<String> = [
        "http.send", "io.jwt.decode_verify", "io.jwt.encode_sign", "io.jwt.encode_sign_raw", "net.lookup_ip_addr",
        "opa.runtime", "rand.intn", "time.now_ns", "uuid.rfc4122",
    ]

    /// The keywords `import future.keywords.…` may name (all of them are on in v1).
    public static let futureKeywords = ["contains", "every", "if", "in"]

    /// OPA's feature flags for what the parser reads: v1 syntax, refs in rule heads.
    public static let features = ["rego_v1", "rule_head_ref_string_prefixes", "rule_head_refs"]

    /// Every builtin name listed, sorted.
    public static var builtinNames: [String] {
        Set(BuiltinRegistry.all.keys).union(languageOperators.filter { BuiltinSignatures.table[$0] != nil }).sorted()
    }

    /// `{"builtins":[{"name","decl",["infix"],["relation"],["nondeterministic"]}],
    /// "future_keywords","features"}`.
    public static var document: Value {
        let infixes = infixNames
        let builtins: [Value] = builtinNames.map { name in
            let signature = BuiltinRegistry.all[name]?.signature ?? BuiltinSignatures.table[name] ?? FunctionType(variadic: .any)
            var entry: RegoObject = ["name": .string(name), "decl": json(signature)]
            if let infix = infixes[name] { entry["infix"] = .string(infix) }
            if relations.contains(name) { entry["relation"] = .true }
            if nondeterministic.contains(name) { entry["nondeterministic"] = .true }
            return .object(entry)
        }
        return .object([
            "builtins": .array(builtins),
            "future_keywords": .array(futureKeywords.map { .string($0) }),
            "features": .array(features.map { .string($0) }),
        ])
    }

    /// Builtin name -> the operator written for it.
    static var infixNames: [String: String] {
        var names = Dictionary(BinaryOperator.allCases.map { ($0.builtinName, $0.rawValue) }, uniquingKeysWith: { a, _ in a })
        names["eq"] = "="
        names["assign"] = ":="
        names["internal.member_2"] = "in"
        names["internal.member_3"] = "in"
        return names
    }

    /// A function declaration as OPA's types package writes it (argument names left out,
    /// as in OPA's capabilities files).
    static func json(_ f: FunctionType) -> Value {
        var decl: RegoObject = ["type": "function"]
        if let variadic = f.variadic {
            decl["variadic"] = json(variadic)
        } else if !f.arguments.isEmpty {
            // Go's omitempty: a function of no arguments has no "args".
            decl["args"] = .array(f.arguments.map(json))
        }
        if let result = f.result { decl["result"] = json(result) }
        return .object(decl)
    }

    /// A type as OPA's types package writes it.
    package static func json(_ t: RegoType) -> Value {
        switch t {
        case .null: return .object(["type": "null"])
        case .boolean: return .object(["type": "boolean"])
        case .number: return .object(["type": "number"])
        case .string: return .object(["type": "string"])
        case .anyOf(let types):
            if types.isEmpty { return .object(["type": "any"]) }
            return .object(["type": "any", "of": .array(types.map(json))])
        case .set(let element):
            return .object(["type": "set", "of": json(element)])
        case .array(let prefix, let rest):
            var a: RegoObject = ["type": "array"]
            if !prefix.isEmpty { a["static"] = .array(prefix.map(json)) }
            if let rest { a["dynamic"] = json(rest) }
            return .object(a)
        case .object(let properties, let dynamic):
            var o: RegoObject = ["type": "object"]
            if !properties.isEmpty {
                o["static"] = .array(properties.map { .object(["key": $0.key, "value": json($0.type)]) })
            }
            if let dynamic { o["dynamic"] = .object(["key": json(dynamic.key), "value": json(dynamic.value)]) }
            return .object(o)
        case .function(let f):
            return json(f)
        }
    }
}
