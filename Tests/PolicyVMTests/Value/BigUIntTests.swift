// BigUInt and BigInt: arithmetic checked against UInt128 where it reaches, and by
// identities (q × d + r = n, r < d) and decimal round trips beyond it.
import Testing
@testable import PolicyVM

@Suite struct BigUIntTests {
    @Test func smallValuesAgreeWithUInt128() {
        var rng = SeededGenerator(state: 11)
        for _ in 0..<2000 {
            let a = UInt128(rng.next() >> (rng.next() % 64)), b = UInt128(rng.next() >> (rng.next() % 64)) | 1
            let x = BigUInt(uint128: a), y = BigUInt(uint128: b)
            #expect(x + y == BigUInt(uint128: a + b))
            #expect((x * y).decimalString == String(a * b))
            if a >= b { #expect(x - y == BigUInt(uint128: a - b)) }
            let (q, r) = x.quotientAndRemainder(dividingBy: y)
            #expect(q == BigUInt(uint128: a / b) && r == BigUInt(uint128: a % b))
            #expect((x << 17) == BigUInt(uint128: a << 17) || a.leadingZeroBitCount < 17)
            #expect((x >> 9) == BigUInt(uint128: a >> 9))
        }
    }

    @Test func longDivisionSatisfiesItsIdentity() {
        var rng = SeededGenerator(state: 12)
        for _ in 0..<300 {
            let n = BigUInt(limbs: (0..<Int(rng.next() % 9 + 1)).map { _ in rng.next() })
            let d = BigUInt(limbs: (0..<Int(rng.next() % 5 + 1)).map { _ in rng.next() >> (rng.next() % 64) })
            guard !d.isZero else { continue }
            let (q, r) = n.quotientAndRemainder(dividingBy: d)
            #expect(q * d + r == n)
            #expect(r < d)
        }
    }

    /// Knuth's D corrects its quotient estimate on rare digit patterns; these hit it.
    @Test func divisionCorrectionCases() {
        let n = BigUInt(limbs: [0, 0, 0x8000_0000_0000_0000]), d = BigUInt(limbs: [1, 0x8000_0000_0000_0000])
        let (q, r) = n.quotientAndRemainder(dividingBy: d)
        #expect(q * d + r == n && r < d)
        let m = BigUInt(limbs: [UInt64.max, UInt64.max, UInt64.max - 1]), e = BigUInt(limbs: [UInt64.max, UInt64.max])
        let (q2, r2) = m.quotientAndRemainder(dividingBy: e)
        #expect(q2 * e + r2 == m && r2 < e)
    }

    @Test(arguments: ["0", "1", "18446744073709551616", "340282366920938463463374607431768211456",
                      "1000000000000000000000000000000000000000000000000000000000001", "99999999999999999999"])
    func decimalTextRoundTrips(_ text: String) {
        let value = BigUInt(decimalDigits: Array(text.utf8))
        #expect(value?.decimalString == text)
    }

    @Test func powersAndRadixText() {
        #expect(BigUInt.power(2, 128).decimalString == "340282366920938463463374607431768211456")
        #expect(BigUInt.powerOfTen(30).decimalString == "1" + String(repeating: "0", count: 30))
        #expect(BigUInt(255).text(radix: 16) == "ff" && BigUInt(255).text(radix: 2) == "11111111")
        #expect(BigUInt(8).text(radix: 8) == "10" && BigUInt.zero.text(radix: 16) == "0")
        // format_int(12345678901234567890123, 16), from OPA.
        #expect(BigUInt(decimalDigits: Array("12345678901234567890123".utf8))?.text(radix: 16) == "29d42b64e76714244cb")
    }

    @Test func signedArithmeticTruncatesRemaindersLikeGo() {
        #expect(BigInt(-7).truncatedRemainder(dividingBy: BigInt(3)) == BigInt(-1))
        #expect(BigInt(7).truncatedRemainder(dividingBy: BigInt(-3)) == BigInt(1))
        #expect((BigInt(-5) + BigInt(5)).isNegative == false)
        #expect(BigInt(int128: Int128(Int64.min) - 1).description == "-9223372036854775809")
        #expect(BigInt(Int64.min).int64Value == Int64.min && BigInt(int128: Int128(Int64.max) + 1).int64Value == nil)
    }
}
