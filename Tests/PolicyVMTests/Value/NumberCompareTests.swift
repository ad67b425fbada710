// Number comparison as OPA's NumberCompare: exact values, its float64 quirk for texts
// with trailing fraction zeros, and hashing consistent with both.
import Testing
@testable import PolicyVM

@Suite struct NumberCompareTests {
    private func n(_ text: String) -> Number { Number(text: text)! }

    /// (a, b, OPA's a == b, OPA's a < b), from OPA v1.20.2.
    @Test(arguments: [
        ("1", "1.0", true, false), ("1", "1e0", true, false), ("10.0", "1", false, false), ("100", "1e2", true, false),
        ("0.30000000000000000001", "0.3", false, false), ("0.3", "0.30000000000000000001", false, true),
        ("0.100000000000000000010", "0.10", true, false), ("0.1000000000000000000010", "0.1", false, false),
        ("-0", "0", true, false), ("-0.0", "0", true, false), ("1e400", "1e401", false, true),
        ("123456789012345678901", "123456789012345678900", false, false), ("1e-400", "0", false, false),
        ("9007199254740993", "9007199254740992", false, false), ("-1.5", "-1.25", false, true),
        // to_number spellings compare by value too.
        ("5.", "3", false, false), (".5", "0.25", false, false), ("007", "7", true, false), ("0x1p-2", "0.3", false, true),
        ("+5", "6", false, true), ("0.91699999999999999995", "0.917", false, true),
    ])
    func comparesAsOPA(a: String, b: String, equal: Bool, less: Bool) {
        #expect((n(a) == n(b)) == equal)
        #expect((n(a) < n(b)) == less)
    }

    @Test func equalNumbersHashAlike() {
        let groups = [["1", "1.0", "1e0", "10e-1", "1.000"], ["0", "-0", "0.0", "-0.0", "0e9"],
                      ["0.10", "0.100000000000000000010", "1e-1"], ["1e400", "10e399"], ["12345678901234567890", "1.234567890123456789e19"]]
        for group in groups {
            for a in group { for b in group where n(a) == n(b) { #expect(n(a).hashValue == n(b).hashValue, "\(a) \(b)") } }
        }
        var rng = SeededGenerator(state: 5)
        for _ in 0..<3000 {
            let scale = Int(rng.next() % 4), value = Int64(rng.next() % 2000) - 1000
            let padded = Number(text: ScaledDecimal(significand: value * ScaledDecimal.powersOfTen[scale], scale: UInt8(max(scale, 1))).text)!
            let plain = Number.int(value)
            if padded == plain { #expect(padded.hashValue == plain.hashValue) }
        }
        #expect(Set<Value>([1, .number(n("1.0")), .number(n("1e0"))]).count == 1)
    }
}
