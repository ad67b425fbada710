// Fuzz (bounded, seeded): random and mutated policies and JSON never crash the lexer,
// parser, compiler or VM — every input ends in a value or a clean error.
import Testing
@testable import PolicyVM

/// SplitMix64: a tiny seeded generator, so a failure can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct FuzzTests {
    static let seeds = [
        "package p\nimport rego.v1\ndeny contains \"a\" if { input.x == 1; not input.y }\nallow if count(deny) == 0",
        "package p\nf(x) := y if { y := [z | some z in x; z > 1] }\nr := f([1, 2, 3])",
        "package p\no[k] := v if { some k, v in input }\ns := {x | x := data.d[_]}\nt if every x in [1] { x == 1 }",
        "package p\nx := sprintf(\"%v %d\", [input, 3]) if { input.a.b[_] = 2 } else := 1",
    ]
    static let fragments = ["{", "}", "[", "]", "(", ")", " if ", " := ", " = ", "==", "not ", "some ", " in ", "every ",
                            "x", "_", "input", "data", "1", "\"s\"", ",", ";", "\n", "|", "contains", "with input as 1", "-", "."]

    @Test func mutatedPoliciesNeverCrash() {
        var rng = SeededGenerator(state: 20261121)
        for round in 0..<1500 {
            var text = Array(Self.seeds[round % Self.seeds.count])
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0...text.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: text.insert(contentsOf: Self.fragments.randomElement(using: &rng)!, at: at)
                case 1: if at < text.count { text.remove(at: at) }
                default: if at < text.count { text[at] = Self.fragments.randomElement(using: &rng)!.first! }
                }
            }
            _ = RegoHarness.run([String(text)], "a := data.p", input: ["x": 1, "a": ["b": [2]]], data: ["d": [1, 2]],
                                limit: 200_000)
        }
    }

    @Test func randomBytesAsJSONNeverCrash() {
        var rng = SeededGenerator(state: 7)
        let alphabet = Array("{}[]\",:0123456789.eE-+truefalsenull \\u\n".utf8)
        for _ in 0..<3000 {
            let bytes = (0..<Int.random(in: 0..<40, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            _ = try? JSONReader.parse(bytes: bytes)
        }
    }
}
