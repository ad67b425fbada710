// GoFloat64: OPA's 64-bit float arithmetic in machine words gives exactly what the
// general big.Float emulation (BinaryFloat) gives — values, and the text OPA makes.
import Testing
@testable import PolicyVM

@Suite struct GoFloat64Tests {
    private func general(_ f: GoFloat64) -> String {
        BinaryFloat(negative: f.isNegative, mantissa: BigUInt(f.mantissa), exponent: f.exponent, precision: 64).numberText
    }

    /// Random mantissas and exponents, and the ones Go's digit walk treats specially:
    /// powers of two (the lower bound's decimal point sits elsewhere), values next to
    /// powers of ten, and halfway digits.
    @Test func textMatchesTheGeneralPath() throws {
        var rng = SeededGenerator(state: 64)
        var mantissas: [UInt64] = [1 << 63, UInt64.max, (1 << 63) + 1, 0xCCCC_CCCC_CCCC_CCCD, 0x8AC7_2304_89E8_0000]
        for _ in 0..<4000 { mantissas.append(rng.next() | 1 << 63) }
        var checked = 0
        for (i, m) in mantissas.enumerated() {
            for exponent in [-100, -85, -80, -70, -64, -63, -60, -40, -20, -1, 0, 1, 30, 100, 190, 200] + [Int(rng.next() % 150) - 90] {
                guard let f = GoFloat64(rounding: UInt128(m), exponent: exponent, sticky: false, negative: i % 3 == 0),
                      let fast = f.number else { continue }
                #expect(fast.text == general(f), "\(m) × 2^\(exponent)")
                if let known = f.nearbyDouble { #expect(known == Double(fast.text), "\(m) × 2^\(exponent)") }
                checked += 1
            }
        }
        #expect(checked > 40_000)
    }

    @Test func arithmeticMatchesTheGeneralPath() throws {
        var rng = SeededGenerator(state: 65)
        func operand() -> Number {
            let digits = Int(rng.next() % 15) + 1
            var magnitude: Int64 = 0
            for _ in 0..<digits { magnitude = magnitude * 10 + Int64(rng.next() % 10) }
            let significand = rng.next() % 2 == 0 ? -magnitude : magnitude
            let scale = Int(rng.next() % 8)
            return scale == 0 ? .int(significand) : .decimal(ScaledDecimal(significand: significand, scale: UInt8(scale)))
        }
        var answered = 0
        for _ in 0..<20_000 {
            let a = operand(), b = operand()
            for op in [ArithmeticOperation.plus, .minus, .times, .divide] {
                guard let machine = Number.machineFloat(op, a, b) else { continue }
                answered += 1
                #expect(machine.text == (try Number.bigFloat(op, a, b)).text, "\(op) \(a.text) \(b.text)")
            }
        }
        #expect(answered > 60_000)
    }

    /// OPA's answers (v1.20.2) that the machine-word path now gives.
    @Test(arguments: [("33.33", "3", ArithmeticOperation.times, "99.990000000000000005"),
                      ("1", "3", .divide, "0.33333333333333333334"), ("2", "3", .divide, "0.6666666666666666667"),
                      ("12.5", "12.4", .minus, "0.10000000000000000035"), ("1234567.8", "1", .times, "1.2345678e+06"),
                      ("0.00001", "1", .times, "1e-05"), ("7", "2", .divide, "3.5")])
    func machineWordsGiveOPAsText(a: String, b: String, op: ArithmeticOperation, expected: String) throws {
        #expect(Number.machineFloat(op, Number(text: a)!, Number(text: b)!)?.text == expected)
    }
}
