// Number: Rego's numbers, with integers and floating point kept apart the way JSON
// writes them. Invariant: equality and hashing are by numeric value, so 1 == 1.0 and
// both hash alike; arithmetic on two integers stays integral until it would overflow.

/// A Rego number: an exact 64-bit integer or an IEEE double.
public enum Number: Sendable {
    case int(Int64)
    case double(Double)

    /// The value as a double (exact for |n| ≤ 2^53).
    @inlinable public var doubleValue: Double {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        }
    }

    /// The value as an integer when it is integral and fits in Int64.
    @inlinable public var exactInt: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d):
            guard d.isFinite, d.rounded(.towardZero) == d, abs(d) < 9.2e18 else { return nil }
            return Int64(d)
        }
    }

    /// Whether the number has no fractional part.
    public var isIntegral: Bool {
        switch self {
        case .int: return true
        case .double(let d): return d.isFinite && d.rounded(.towardZero) == d
        }
    }

    /// A double that happens to be integral and small enough is brought back to an
    /// integer, so results like `3.0 * 2` print as `6`, as OPA prints them.
    @inlinable public static func normalized(_ d: Double) -> Number {
        if d.isFinite, d.rounded(.towardZero) == d, abs(d) < 9.0e15 { return .int(Int64(d)) }
        return .double(d)
    }
}

extension Number: Equatable, Hashable, Comparable {
    @inlinable public static func == (a: Number, b: Number) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        default: return a.doubleValue == b.doubleValue
        }
    }

    public func hash(into hasher: inout Hasher) {
        if let i = exactInt { hasher.combine(i) } else { hasher.combine(doubleValue) }
    }

    @inlinable public static func < (a: Number, b: Number) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y
        default: return a.doubleValue < b.doubleValue
        }
    }
}

extension Number {
    /// Addition; two integers stay integral unless the sum overflows.
    public static func + (a: Number, b: Number) -> Number {
        if case .int(let x) = a, case .int(let y) = b {
            let (r, o) = x.addingReportingOverflow(y)
            if !o { return .int(r) }
        }
        return normalized(a.doubleValue + b.doubleValue)
    }

    public static func - (a: Number, b: Number) -> Number {
        if case .int(let x) = a, case .int(let y) = b {
            let (r, o) = x.subtractingReportingOverflow(y)
            if !o { return .int(r) }
        }
        return normalized(a.doubleValue - b.doubleValue)
    }

    public static func * (a: Number, b: Number) -> Number {
        if case .int(let x) = a, case .int(let y) = b {
            let (r, o) = x.multipliedReportingOverflow(by: y)
            if !o { return .int(r) }
        }
        return normalized(a.doubleValue * b.doubleValue)
    }

    /// Division; the caller rejects a zero divisor first. Exact integer quotients
    /// stay integers (`6 / 3` is `2`), others become doubles (`1 / 2` is `0.5`).
    public static func / (a: Number, b: Number) -> Number {
        // Int64.min / -1 overflows (and traps in `%`), so it is ruled out first.
        if case .int(let x) = a, case .int(let y) = b, y != 0,
           !(x == Int64.min && y == -1), x % y == 0 {
            return .int(x / y)
        }
        return normalized(a.doubleValue / b.doubleValue)
    }

    public static prefix func - (a: Number) -> Number {
        if case .int(let x) = a, x != Int64.min { return .int(-x) }
        return normalized(-a.doubleValue)
    }
}
