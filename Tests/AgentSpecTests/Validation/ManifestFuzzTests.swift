// A bounded mutation fuzz: the GymCoach example with random bytes replaced, inserted or
// deleted (from YAML's significant characters) must always load — valid or with
// diagnostics — and never crash or hang. Deterministic seed, so a failure reproduces.
import Foundation
import Testing
@testable import AgentSpec

/// SplitMix64: a small deterministic generator for reproducible fuzzing.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct ManifestFuzzTests {
    @Test func mutatedManifestsNeverCrash() throws {
        let original = Array(try String(contentsOf: TestManifests.gymcoach, encoding: .utf8).utf8)
        let alphabet = Array(" \t\n-:?[]{},#&*!|>'\"%@`\\0a.é".utf8)
        var rng = SplitMix64(state: 4)
        var invalid = 0
        for _ in 0..<600 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[i] = alphabet.randomElement(using: &rng) ?? 0x20
                case 1: bytes.insert(alphabet.randomElement(using: &rng) ?? 0x20, at: i)
                default: bytes.remove(at: i)
                }
            }
            let loaded = ManifestLoader.load(text: String(decoding: bytes, as: UTF8.self), file: "agent.yaml")
            if !loaded.isValid { invalid += 1 }
            for d in loaded.diagnostics {
                #expect(d.position.line >= 1 && d.position.column >= 1)
            }
        }
        #expect(invalid > 100)
    }

    @Test func mutatedSuiteInputsNeverCrash() {
        let alphabet = Array(" \t\n-:?[]{},#&*!|>'\"%@`\\0a".utf8)
        var rng = SplitMix64(state: 7)
        for c in YAMLSuiteCase.load() {
            let original = Array(c.yaml.utf8)
            guard !original.isEmpty else { continue }
            for _ in 0..<6 {
                var bytes = original
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                if Bool.random(using: &rng) { bytes[i] = alphabet.randomElement(using: &rng) ?? 0x20 } else { bytes.remove(at: i) }
                _ = try? YAMLParser.parseStream(String(decoding: bytes, as: UTF8.self))
            }
        }
    }
}
