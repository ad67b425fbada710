// Capabilities: the document lists every builtin the registry holds, with the
// declaration the type checker uses, in OPA's capabilities shape (the expected texts
// are OPA's own capabilities entries for these builtins).
import Testing
@testable import PolicyVM

@Suite struct CapabilitiesTests {
    static func entries() -> [String: Value] {
        guard case .object(let doc) = Capabilities.document, case .array(let builtins)? = doc["builtins"] else { return [:] }
        var byName: [String: Value] = [:]
        for b in builtins {
            if case .object(let o) = b, case .string(let name)? = o["name"] { byName[name] = b }
        }
        return byName
    }

    @Test func listsEveryBuiltinOfTheRegistry() {
        let listed = Self.entries()
        #expect(!BuiltinRegistry.all.isEmpty)
        for name in BuiltinRegistry.all.keys {
            #expect(listed[name] != nil, "\(name) missing from the capabilities")
        }
        // The operators the compiler handles itself are listed too, as OPA lists them.
        for name in ["eq", "assign", "internal.member_2", "internal.member_3"] { #expect(listed[name] != nil, "\(name)") }
    }

    @Test func everyDeclarationIsTheTypeCheckersSignature() {
        for (name, entry) in Self.entries() {
            guard case .object(let o) = entry, let decl = o["decl"] else { Issue.record("\(name) has no decl"); continue }
            let signature = BuiltinRegistry.all[name]?.signature ?? BuiltinSignatures.table[name]
            #expect(signature.map { Capabilities.json(.function($0)) } == decl, "\(name)")
        }
    }

    @Test(arguments: [
        ("abs", #"{"decl":{"args":[{"type":"number"}],"result":{"type":"number"},"type":"function"},"name":"abs"}"#),
        ("plus", #"{"decl":{"args":[{"type":"number"},{"type":"number"}],"result":{"type":"number"},"type":"function"},"infix":"+","name":"plus"}"#),
        ("count", #"{"decl":{"args":[{"of":[{"type":"string"},{"dynamic":{"type":"any"},"type":"array"},{"dynamic":{"key":{"type":"any"},"value":{"type":"any"}},"type":"object"},{"of":{"type":"any"},"type":"set"}],"type":"any"}],"result":{"type":"number"},"type":"function"},"name":"count"}"#),
        ("print", #"{"decl":{"type":"function","variadic":{"type":"any"}},"name":"print"}"#),
        ("time.now_ns", #"{"decl":{"result":{"type":"number"},"type":"function"},"name":"time.now_ns","nondeterministic":true}"#),
        ("bits.lsh", #"{"decl":{"args":[{"type":"number"},{"type":"number"}],"result":{"type":"number"},"type":"function"},"name":"bits.lsh"}"#),
        ("io.jwt.decode_verify", #"{"decl":{"args":[{"type":"string"},{"dynamic":{"key":{"type":"string"},"value":{"type":"any"}},"type":"object"}],"result":{"static":[{"type":"boolean"},{"dynamic":{"key":{"type":"any"},"value":{"type":"any"}},"type":"object"},{"dynamic":{"key":{"type":"any"},"value":{"type":"any"}},"type":"object"}],"type":"array"},"type":"function"},"name":"io.jwt.decode_verify","nondeterministic":true}"#),
        ("io.jwt.encode_sign_raw", #"{"decl":{"args":[{"type":"string"},{"type":"string"},{"type":"string"}],"result":{"type":"string"},"type":"function"},"name":"io.jwt.encode_sign_raw","nondeterministic":true}"#),
        ("io.jwt.verify_hs384", #"{"decl":{"args":[{"type":"string"},{"type":"string"}],"result":{"type":"boolean"},"type":"function"},"name":"io.jwt.verify_hs384"}"#),
        ("internal.member_2", #"{"decl":{"args":[{"type":"any"},{"type":"any"}],"result":{"type":"boolean"},"type":"function"},"infix":"in","name":"internal.member_2"}"#),
    ])
    func entriesAreOPAs(name: String, opa: String) throws {
        let expected = try JSONReader.parse(opa)
        #expect(Self.entries()[name] == expected)
    }

    @Test func featuresAndFutureKeywords() {
        guard case .object(let doc) = Capabilities.document else { Issue.record("not an object"); return }
        #expect(doc["future_keywords"] == .array(["contains", "every", "if", "in"]))
        #expect(doc["features"] == .array(["rego_v1", "rule_head_ref_string_prefixes", "rule_head_refs"]))
    }
}
