// BinaryFloat: Go's big.Float rounding, parsing and shortest printing. Small
// precisions are checked by hand; 64-bit results are OPA's (v1.20.2) printed values.
import Testing
@testable import PolicyVM

@Suite struct BinaryFloatTests {
    private func float(_ m: UInt64, _ e: Int = 0, precision: Int) -> BinaryFloat {
        BinaryFloat(negative: false, mantissa: BigUInt(m), exponent: e, precision: precision).rounded(sticky: false)
    }

    @Test func roundsToNearestWithTiesToEven() {
        // 19 = 10011b at 4 bits: halfway, odd last bit, up to 10100b = 20.
        #expect(float(19, precision: 4).truncated.value == BigInt(20))
        // 17 = 10001b: halfway, even last bit, down to 16.
        #expect(float(17, precision: 4).truncated.value == BigInt(16))
        // 25 = 11001b: above halfway... 1100|1 with nothing below: a tie, even: 24.
        #expect(float(25, precision: 4).truncated.value == BigInt(24))
        // 27 = 11011b: 1101|1, a tie with odd last bit: 28.
        #expect(float(27, precision: 4).truncated.value == BigInt(28))
        // 31 = 11111b: rounds up past the width: 32.
        #expect(float(31, precision: 4).truncated.value == BigInt(32))
        // A sticky bit below a half breaks the tie upward.
        let sticky = BinaryFloat(negative: false, mantissa: BigUInt(17), exponent: 0, precision: 4).rounded(sticky: true)
        #expect(sticky.truncated.value == BigInt(18))
    }

    private func parsed(_ text: String) -> BinaryFloat { BinaryFloat(parsing: NumberSyntax(Array(text.utf8))!) }

    @Test(arguments: [
        ("0.1", "0.1"), ("1.75", "1.75"), ("1e400", "1e+400"), ("-0", "-0"),
        ("0.30000000000000000001", "0.3"), ("1.2345678901234567890123456789e-70", "1.23456789012345678904e-70"),
        ("0x1p-2", "0.25"), ("1234567.5", "1.2345675e+06"), ("0.00001", "1e-05"), ("0.0001", "0.0001"),
    ])
    func parsesAndPrintsShortestAsGo(text: String, expected: String) {
        #expect(parsed(text).shortestText(format: UInt8(ascii: "g")) == expected)
    }

    @Test func operationsRoundOnceAt64Bits() {
        // Results OPA prints for these operations.
        #expect(BinaryFloat.sum(parsed("0.1"), parsed("0.2")).numberText == "0.3")
        #expect(BinaryFloat.quotient(parsed("1"), parsed("3")).numberText == "0.33333333333333333334")
        #expect(BinaryFloat.quotient(parsed("2"), parsed("3")).numberText == "0.6666666666666666667")
        #expect(BinaryFloat.product(parsed("33.33"), parsed("3")).numberText == "99.990000000000000005")
        #expect(BinaryFloat.product(parsed("1e400"), parsed("1")).numberText == "1" + String(repeating: "0", count: 400))
        #expect(BinaryFloat.quotient(parsed("12345678901234567890123"), parsed("3")).numberText == "4115226300411522630000")
        #expect(BinaryFloat.product(parsed("0"), parsed("-1.5")).numberText == "-0")
        #expect(BinaryFloat.difference(parsed("0.5"), parsed("0.5")).numberText == "0")
        // Go's product([0.1, 3]) multiplies into a 53-bit float.
        #expect(BinaryFloat.product(BinaryFloat(1, precision: 53), parsed("0.1"), precision: 53).numberText == "0.1")
        let p = BinaryFloat.product(BinaryFloat.product(BinaryFloat(1, precision: 53), parsed("0.1"), precision: 53),
                                    parsed("3"), precision: 53)
        #expect(p.numberText == "0.30000000000000004")
    }

    /// Beyond 5^27 Go's SetString multiplies by a power of five it computed at 128 bits.
    @Test func largeDecimalExponentsTakeGosPowerOfFive() {
        let power = BinaryFloat.powerOfFive(56, precision: 128)
        // 5^56 needs 131 bits: the 128-bit power is 5^56 rounded.
        #expect(power.mantissa.bitWidth <= 128)
        #expect(BinaryFloat.compare(power, BinaryFloat(negative: false, mantissa: BigUInt.power(5, 56), exponent: 0,
                                                       precision: 200)) != 0)
        #expect(parsed("1e-60").shortestText(format: UInt8(ascii: "g")) == "1e-60")
        #expect(BinaryFloat.product(parsed("7e-56"), parsed("3")).numberText == "2.1e-55")
    }

    @Test func integersSetExactlyAndTruncate() {
        let big = BinaryFloat(BigInt(negative: true, magnitude: BigUInt.power(10, 30)))
        #expect(big.precision == 100 && big.isInteger)
        #expect(big.numberText == "-1" + String(repeating: "0", count: 30))
        let (value, exact) = parsed("-2.7").truncated
        #expect(value == BigInt(-2) && !exact)
    }
}
