// Bits builtins: bits.and, bits.or, bits.xor, bits.negate, bits.lsh, bits.rsh on
// integers of any size, as OPA computes them with Go's big.Int: a negative integer
// behaves as an infinite two's complement (bits.and(-5, 3) is 3, bits.negate(x) is
// -x - 1), bits.rsh rounds toward minus infinity (bits.rsh(-3, 1) is -2). A shift
// count must not be negative; OPA takes the count's low 64 bits (Go's Uint64 of a
// big.Int), so bits.rsh(-3, 2^64) is -3, and so do we.
// Invariant: every result is the exact integer OPA gives, and every failure OPA's
// text; one divergence, by design: a left shift whose result would pass the number
// limit (Number.maxMagnitudeDigits) fails with "number too large" where OPA would try
// to allocate it.

enum BitsBuiltins {
    static let all: [Builtin] = [
        binary("bits.and") { $0.bitwise($1, &) },
        binary("bits.or") { $0.bitwise($1, |) },
        binary("bits.xor") { $0.bitwise($1, ^) },
        negate, shiftLeft, shiftRight,
    ]

    private static func binary(_ name: String, _ op: @escaping @Sendable (BigInt, BigInt) -> BigInt) -> Builtin {
        builtin(name) { ops throws(BuiltinError) in
            let a = try ops.bigInteger(1), b = try ops.bigInteger(2)
            return .number(Number(op(a, b)))
        }
    }

    static let negate = builtin("bits.negate") { ops throws(BuiltinError) in
        let a = try ops.bigInteger(1)
        return .number(Number(-a - BigInt(1)))
    }

    static let shiftLeft = builtin("bits.lsh") { ops throws(BuiltinError) in
        let a = try ops.bigInteger(1), count = try shiftCount(ops)
        guard !a.isZero else { return .number(.int(0)) }
        guard count <= UInt64(Swift.max(0, Number.maxMagnitudeBits - a.magnitude.bitWidth)) else { throw .number(ops.name, .tooLarge) }
        return .number(Number(BigInt(negative: a.isNegative, magnitude: a.magnitude << Int(count))))
    }

    static let shiftRight = builtin("bits.rsh") { ops throws(BuiltinError) in
        let a = try ops.bigInteger(1), count = try shiftCount(ops)
        let bits = count >= UInt64(a.magnitude.bitWidth) ? a.magnitude.bitWidth : Int(count)
        guard a.isNegative else { return .number(Number(BigInt(negative: false, magnitude: a.magnitude >> bits))) }
        // Floor division by 2^count: -((|a| - 1) >> count) - 1.
        let shifted = (a.magnitude - BigUInt.one) >> bits
        return .number(Number(BigInt(negative: true, magnitude: shifted + BigUInt.one)))
    }

    /// Operand 2 of a shift: not negative, read as Go's Uint64 reads a big.Int (its
    /// low 64 bits).
    private static func shiftCount(_ ops: Operands) throws(BuiltinError) -> UInt64 {
        let count = try ops.bigInteger(2)
        if count.isNegative {
            throw .operandText(ops.name, 2, "must be an unsigned integer number but got a negative integer")
        }
        return count.magnitude.limbs.first ?? 0
    }
}

extension BigInt {
    /// `op` applied limb by limb to both integers in two's complement, wide enough that
    /// the sign limb of each is all ones or all zeros (as Go's big.Int And/Or/Xor).
    func bitwise(_ other: BigInt, _ op: (UInt64, UInt64) -> UInt64) -> BigInt {
        let width = Swift.max(magnitude.limbs.count, other.magnitude.limbs.count) + 1
        let a = twosComplement(width), b = other.twosComplement(width)
        var out = [UInt64](repeating: 0, count: width)
        for i in 0..<width { out[i] = op(a[i], b[i]) }
        guard out[width - 1] >> 63 == 1 else { return BigInt(negative: false, magnitude: BigUInt(limbs: out)) }
        // Negative: the magnitude is the complement plus one.
        return BigInt(negative: true, magnitude: BigUInt(limbs: out.map { ~$0 }) + BigUInt.one)
    }

    /// The `width` low limbs of this integer's two's complement.
    private func twosComplement(_ width: Int) -> [UInt64] {
        var limbs = magnitude.limbs + [UInt64](repeating: 0, count: width - magnitude.limbs.count)
        guard isNegative else { return limbs }
        var carry = true
        for i in 0..<width {
            let (sum, overflow) = (~limbs[i]).addingReportingOverflow(carry ? 1 : 0)
            limbs[i] = sum
            carry = carry && overflow
        }
        return limbs
    }
}
