// BigInt: a signed integer of any size, for OPA's exact integer arithmetic (Go's
// big.Int: + - * and the truncated remainder). Invariant: zero is never negative,
// so equal values have equal representations.

/// An arbitrary-precision signed integer.
struct BigInt: Sendable, Hashable {
    private(set) var isNegative: Bool
    private(set) var magnitude: BigUInt

    init(negative: Bool, magnitude: BigUInt) {
        self.magnitude = magnitude
        self.isNegative = negative && !magnitude.isZero
    }

    init(_ value: Int64) {
        self.init(negative: value < 0, magnitude: BigUInt(value.magnitude))
    }

    init(int128 value: Int128) {
        self.init(negative: value < 0, magnitude: BigUInt(uint128: value.magnitude))
    }

    var isZero: Bool { magnitude.isZero }

    /// The value when it fits in Int64.
    var int64Value: Int64? {
        guard let m = magnitude.uint64Value else { return nil }
        if isNegative { return m <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- m) : nil }
        return m <= UInt64(Int64.max) ? Int64(m) : nil
    }

    /// Decimal text with a leading "-" when negative, as Go's big.Int.String.
    var description: String { (isNegative ? "-" : "") + magnitude.decimalString }

    static prefix func - (a: BigInt) -> BigInt { BigInt(negative: !a.isNegative, magnitude: a.magnitude) }

    static func + (a: BigInt, b: BigInt) -> BigInt {
        if a.isNegative == b.isNegative { return BigInt(negative: a.isNegative, magnitude: a.magnitude + b.magnitude) }
        return a.magnitude >= b.magnitude
            ? BigInt(negative: a.isNegative, magnitude: a.magnitude - b.magnitude)
            : BigInt(negative: b.isNegative, magnitude: b.magnitude - a.magnitude)
    }

    static func - (a: BigInt, b: BigInt) -> BigInt { a + (-b) }

    static func * (a: BigInt, b: BigInt) -> BigInt {
        BigInt(negative: a.isNegative != b.isNegative, magnitude: a.magnitude * b.magnitude)
    }

    /// The remainder of truncated division (Go's Rem: the sign of the dividend); the
    /// caller rules out a zero divisor.
    func truncatedRemainder(dividingBy b: BigInt) -> BigInt {
        BigInt(negative: isNegative, magnitude: magnitude.quotientAndRemainder(dividingBy: b.magnitude).remainder)
    }

    /// -1, 0 or 1.
    static func compare(_ a: BigInt, _ b: BigInt) -> Int {
        if a.isNegative != b.isNegative { return a.isNegative ? -1 : 1 }
        let c = BigUInt.compare(a.magnitude, b.magnitude)
        return a.isNegative ? -c : c
    }
}
