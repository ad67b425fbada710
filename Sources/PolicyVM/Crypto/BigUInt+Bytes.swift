// BigUInt+Bytes: big-endian byte strings to and from BigUInt (RFC 8017's OS2IP and
// I2OSP), and modular exponentiation — what RSA signature verification needs. The
// exponent is public (an RSA public key's), so the plain square-and-multiply loop,
// whose timing follows the exponent's bits, reveals nothing secret.

extension BigUInt {
    /// OS2IP: the integer whose big-endian bytes are `bytes`.
    init(bigEndian bytes: [UInt8]) {
        var limbs = [UInt64](repeating: 0, count: (bytes.count + 7) / 8)
        for (i, byte) in bytes.reversed().enumerated() { limbs[i / 8] |= UInt64(byte) << UInt64(8 * (i % 8)) }
        self.init(limbs: limbs)
    }

    /// I2OSP: the big-endian bytes of the value, `length` long; nil when it does not fit.
    func bigEndianBytes(length: Int) -> [UInt8]? {
        guard (bitWidth + 7) / 8 <= length else { return nil }
        var out = [UInt8](repeating: 0, count: length)
        for i in 0..<min(length, limbs.count * 8) {
            out[length - 1 - i] = UInt8(truncatingIfNeeded: limbs[i / 8] >> UInt64(8 * (i % 8)))
        }
        return out
    }

    /// `self` to the power `exponent`, modulo `modulus` (nonzero).
    func power(_ exponent: BigUInt, modulo modulus: BigUInt) -> BigUInt {
        var result = BigUInt.one.quotientAndRemainder(dividingBy: modulus).remainder
        let base = quotientAndRemainder(dividingBy: modulus).remainder
        var i = exponent.bitWidth - 1
        while i >= 0 {
            result = (result * result).quotientAndRemainder(dividingBy: modulus).remainder
            if exponent.bit(i) { result = (result * base).quotientAndRemainder(dividingBy: modulus).remainder }
            i -= 1
        }
        return result
    }
}
