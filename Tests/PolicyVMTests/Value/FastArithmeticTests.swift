// The decimal shortcut of OPA's float arithmetic gives exactly the general path's
// answer (Go's big.Float emulated in BinaryFloat), and answers the common cases.
import Testing
@testable import PolicyVM

@Suite struct FastArithmeticTests {
    private func decimal(_ rng: inout SeededGenerator, digits maxDigits: Int, minScale: Int = 0, maxScale: Int = 6) -> Number {
        let scale = minScale + Int(rng.next() % UInt64(maxScale - minScale + 1))
        let digits = Int(rng.next() % UInt64(maxDigits)) + 1
        var magnitude: Int64 = 0
        for _ in 0..<digits { magnitude = magnitude * 10 + Int64(rng.next() % 10) }
        let significand = rng.next() % 3 == 0 ? -magnitude : magnitude
        if scale == 0 { return .int(significand) }
        return .decimal(ScaledDecimal(significand: significand, scale: UInt8(scale)))
    }

    @Test func shortcutAgreesWithTheGeneralPath() throws {
        var rng = SeededGenerator(state: 2024)
        for _ in 0..<30_000 {
            let a = decimal(&rng, digits: 12), b = decimal(&rng, digits: 12)
            for op in [ArithmeticOperation.plus, .minus, .times, .divide] {
                guard let fast = try Number.fastDecimal(op, a, b) else { continue }
                let general = try Number.general(op, a, b)
                #expect(fast.text == general.text, "\(op) \(a.text) \(b.text)")
            }
        }
    }

    /// Amounts like costs and scores (up to 6 digits, 1 to 3 decimals): the shortcut
    /// answers most sums and differences and half the products (the others are
    /// results OPA prints long, like 33.33 * 3, or need the general path's signs of zero).
    @Test func everydayDecimalsMostlyTakeTheShortcut() throws {
        var rng = SeededGenerator(state: 7)
        var answered: [ArithmeticOperation: Int] = [:]
        let rounds = 5000
        for _ in 0..<rounds {
            let a = decimal(&rng, digits: 6, minScale: 1, maxScale: 3), b = decimal(&rng, digits: 6, minScale: 0, maxScale: 3)
            for op in [ArithmeticOperation.plus, .minus, .times] where try Number.fastDecimal(op, a, b) != nil {
                answered[op, default: 0] += 1
            }
        }
        #expect(answered[.plus, default: 0] * 3 > rounds * 2 && answered[.minus, default: 0] * 3 > rounds * 2)
        #expect(answered[.times, default: 0] * 2 > rounds)
    }

    @Test(arguments: [
        ("1.75", "30", ArithmeticOperation.times, "52.5"), ("0.1", "0.2", .plus, "0.3"),
        ("0.1", "3", .times, "0.3"), ("0.7", "3", .times, "2.1"), ("0.1", "10000000", .times, "1000000"),
        ("19.99", "3", .times, "59.97"), ("1", "1000", .divide, "0.001"), ("10", "4", .divide, "2.5"),
        ("0.3", "0.1", .divide, "3"), ("7.5", "-2.5", .divide, "-3"), ("1", "8", .divide, "0.125"),
    ])
    func commonDecisionsTakeTheShortcut(a: String, b: String, op: ArithmeticOperation, expected: String) throws {
        let fast = try Number.fastDecimal(op, Number(text: a)!, Number(text: b)!)
        #expect(fast?.text == expected)
    }

    /// OPA's answers that are not the exact decimal, or not plain: the shortcut declines.
    @Test(arguments: [
        ("33.33", "3", ArithmeticOperation.times, "99.990000000000000005"),
        ("1234567.8", "0", .plus, "1.2345678e+06"), ("0.00001", "1", .times, "1e-05"),
        ("0.5", "0.5", .minus, "0"), ("0", "-1.5", .times, "-0"), ("12.5", "12.4", .minus, "0.10000000000000000035"),
        ("1", "3", .divide, "0.33333333333333333334"), ("1", "100000", .divide, "1e-05"),
        ("0.9", "0.3", .divide, "2.9999999999999999998"),
    ])
    func otherAnswersComeFromTheGeneralPath(a: String, b: String, op: ArithmeticOperation, expected: String) throws {
        let x = Number(text: a)!, y = Number(text: b)!
        #expect(try Number.fastDecimal(op, x, y) == nil)
        #expect(try Number.evaluate(op, x, y).text == expected)
    }
}
