// Number: Rego's numbers, as OPA v1 keeps, computes and prints them. OPA holds a
// number as the text it was written in (Go's json.Number) and computes with Go's
// math/big; this type keeps the same text and reproduces the same algorithms, with
// machine-word fast paths proven to give the same answers. Every rule below was
// checked against OPA v1.20.2 through the reference runner (the table in
// Tests/PolicyVMTests/Value/NumberOPATests.swift holds the answers).
//
// Text
// - A number keeps its text: `1.0`, `1e3`, `1.50`, `1E-7`, `-0`, `1e400` print as
//   written, from Rego literals, JSON input and data, and json.unmarshal alike
//   (`x := 1.0` is 1.0; json.marshal([1.0, 1e3]) is "[1.0,1e3]"). Only results are
//   spelled by OPA (Arithmetic, below). `-1.5` in Rego is the literal's text with a
//   minus; `-x` is minus(0, x).
// - to_number keeps the string it parsed (`to_number("1.50")` is 1.50), even spellings
//   JSON lacks (`007`, `+5`, `.5`, `0x1p-2`): they compute (`to_number("007") + 1` is
//   8), but OPA cannot print them (its JSON encoder refuses the literal); we print
//   their exact value (`7`, `5e-1`).
// - A Swift double (sidecar inputs, YAML) is spelled as Go's JSON encoder spells a
//   float64, which is what OPA reads from the JSON we would send it: shortest digits,
//   plain from 1e-6 to 1e21 (`0.1`, `100`, `9223372036854776000`), else `1e-7`,
//   `1.5e+21`; -0.0 is `-0`.
// Arithmetic (+ - * / %, OPA's topdown/arithmetic.go)
// - Both operands integer text within the int32 window: machine arithmetic. A
//   quotient leaves it unless it divides exactly (`6 / 3` is 2, `7 / 2` is 3.5).
// - Both integral otherwise (`1e30`, `1.0`, `12345678901234567890`): exact big
//   integers for + - * % (`12345678901234567890 * 10` is 123456789012345678900,
//   `1e30 + 1` is 1000000000000000000000000000001, `10 % 18446744073709551616` is 10).
// - Anything else, and every other quotient: Go big.Float at 64-bit precision — each
//   operand's text rounded to 64 bits, the result rounded to 64 bits, ties to even
//   (`0.1 + 0.2` is 0.3, `1 / 3` is 0.33333333333333333334, `33.33 * 3` is
//   99.990000000000000005, `12.5 - 12.4` is 0.10000000000000000035, `0.1 * 3 > 0.3` is
//   false). Decimal exponents past 27 go through Go's 128-bit power of five.
// - A float result's text is the shortest decimal that rounds back to it; an integral
//   one in full digits (`1e400 * 1` is 1 and 400 zeros, `1.5e21 * 1` is
//   1500000000000000000000, `12345678901234567890123 / 3` is 4115226300411522630000),
//   a fraction as Go's %g: exponent form below 1e-4 or from 1e6 (`0.00001 * 1` is
//   1e-05, `1234567.5 * 1` is 1.2345675e+06, `0.0001 * 1` is 0.0001).
// - Zero keeps a sign on the float path: `0 / -5` and `0 * -1.5` are -0; `-0 * 1`
//   and `0.5 - 0.5` are 0.
// - Errors: `x / 0` (any zero: 0.0, 0e5, -0) is "div: divide by zero"; `x % 0` is
//   "rem: modulo by zero"; a non-integral operand of % is "rem: modulo on
//   floating-point number" (`5.0 % 2` is 1: 5.0 is integral).
// - abs, round, ceil, floor: int32-window integers unchanged (abs negates), others
//   through a 64-bit float: `round(2.5)` 3, `round(-2.5)` -3,
//   `round(0.49999999999999999999)` 1 (the text rounds to 0.5 first); OPA's ceil and
//   floor truncate first, so `floor(-0.5)` is 0 and `ceil(-0.5)` is 1.
// - sum: machine integers, then exact integers, then 64-bit floats; product: exact
//   integers, else floats of 53 bits (`product([0.1, 3])` is 0.30000000000000004).
//   max and min keep the last of equal members (`max([1, 1.0])` is 1.0).
// - numbers.range takes exact integers (`numbers.range(1e0, 3)`); format_int formats
//   digit text exactly, anything else truncated from its 64-bit float; the base's text
//   must be 2, 8, 10 or 16 (`format_int(1, 2.0)` fails); units.parse_bytes multiplies
//   at 64 bits; units.parse on exact rationals, milli being the float64 0.001.
// - sprintf sees integer text as int64, longer digits as *big.Int, other text with a
//   point as float64, the rest as a string (`sprintf("%v", [1e3])` is "1e3").
// Comparison and equality (OPA's ast.NumberCompare)
// - By exact value: `1 == 1.0 == 1e0`, `0.30000000000000000001 > 0.3`, `-0 == 0`.
// - One quirk: two texts that both end in fraction zeros and keep a fraction (`1.50`,
//   not `1.0`) are equal when their float64 values are (`0.100000000000000000010 ==
//   0.10`, but not `0.1000000000000000000010 == 0.1`).
// - Sets and object keys hold the first written of equal numbers: `{1.0, 1, 1e0}` is
//   `{1.0}`; `{1: "a", 1.0: "b"}` is `{"1": "b"}`. Hashing is by float64 value, which
//   equal numbers share. (OPA keeps both of `{1e400, 1E400}`: its hash falls back to
//   the text past float64's range; we keep one.)
// Integers where OPA wants one: at run time (array index, builtin integer operands),
// digits optionally followed by `.0…` (`arr[1.0]` is arr[1], `arr[1e0]` undefined);
// OPA's type checker reads a constant index strictly (`["a"][0.0]` is a type error).
// Limits: arithmetic on numbers of more than 100,000 digits (either side of the point)
// fails with "number too large" instead of running for minutes (OPA would try).
//
// Invariant: equal numbers (as OPA compares them) hash alike; the form chosen for a
// text is fixed (`.int` for canonical Int64 digits, `.decimal` for a canonical plain
// decimal, `.text` for the rest), so equal texts are equal bits.
import Synchronization

/// A Rego number: its text and the value the text denotes.
public enum Number: Sendable {
    /// An integer that fits Int64, written in plain digits (`42`, `-7`).
    case int(Int64)
    /// A plain decimal with 1…18 fraction digits (`1.75`, `0.10`, `-3.0`).
    case decimal(ScaledDecimal)
    /// Any other number, with the text it was written in (`1e3`, `-0`, `12345678901234567890`).
    case text(NumberText)
}

/// significand / 10^scale, written with exactly `scale` fraction digits: `1.50` is
/// (150, 2). Packed in one word (the significand above 5 bits of scale), so a Number
/// has no padding and equal decimals are equal bits. Never negative zero.
public struct ScaledDecimal: Sendable, Hashable {
    private let bits: Int64

    /// Fraction digits a `.decimal` may have: 10^18 is the largest power of ten in Int64.
    static let maxScale: UInt8 = 18
    /// Significands must be smaller than this in magnitude (59 bits with the sign).
    static let significandLimit: UInt64 = 1 << 58

    /// The caller keeps |significand| below `significandLimit` and scale in 1…18.
    init(significand: Int64, scale: UInt8) {
        bits = significand << 5 | Int64(scale)
    }

    public var significand: Int64 { bits >> 5 }
    public var scale: UInt8 { UInt8(truncatingIfNeeded: bits & 31) }

    static let powersOfTen: [Int64] = (0...18).map { e in (0..<e).reduce(Int64(1)) { p, _ in p * 10 } }

    /// 10^e for e in 0…18, without touching a lazily initialised table (hot paths).
    @inline(__always) static func powerOfTen(_ e: UInt8) -> Int64 {
        var p: Int64 = 1
        for _ in 0..<e { p &*= 10 }
        return p
    }
}

/// A number kept as its text, with what the text denotes, parsed once.
public final class NumberText: Sendable {
    /// The number as written (and as printed).
    public let text: String
    let syntax: NumberSyntax
    /// The text without the underscores Go allows in to_number strings (`0x1_0p0`).
    private let valueText: String?
    /// The float64 value's bits once computed (reading it is rarer than making numbers).
    private let doubleBits: Atomic<UInt64>
    /// A NaN no text parses to.
    private static let notComputed: UInt64 = 0x7FF8_DEAD_BEEF_0001

    /// `double` is the float64 value when the maker knows it (a computed result).
    init(text: String, syntax: NumberSyntax, valueText: String? = nil, double: Double? = nil) {
        self.text = text
        self.syntax = syntax
        self.valueText = valueText
        doubleBits = Atomic(double?.bitPattern ?? NumberText.notComputed)
    }

    /// The float64 value (Go's strconv.ParseFloat), ±infinity when out of range.
    var double: Double {
        let bits = doubleBits.load(ordering: .relaxed)
        if bits != NumberText.notComputed { return Double(bitPattern: bits) }
        let d = Double(valueText ?? text) ?? Double(exactText) ?? 0
        doubleBits.store(d.bitPattern, ordering: .relaxed)
        return d
    }

    /// The exact value as `digitsEexponent`, which Swift's parser takes whatever the
    /// text's spelling (`5.`, `.5`, `0x1p-2`).
    private var exactText: String {
        let (negative, digits, exponent) = syntax.exactDecimal
        guard !digits.isEmpty else { return negative ? "-0" : "0" }
        return (negative ? "-" : "") + String(decoding: digits, as: UTF8.self) + "e\(exponent)"
    }

    static func withoutUnderscores(_ text: String) -> [UInt8] { text.utf8.filter { $0 != UInt8(ascii: "_") } }
}

extension Number {
    /// Arithmetic refuses operands or results with more decimal digits than this on
    /// either side of the point: big-integer work grows with the square of the digits.
    public static let maxMagnitudeDigits = 100_000

    /// The value as a double: exact for integers up to 2^53, else the nearest double
    /// (±infinity beyond its range).
    public var doubleValue: Double {
        switch self {
        case .int(let i): return Double(i)
        case .decimal(let d): return d.doubleValue
        case .text(let t): return t.double
        }
    }

    /// The integer OPA reads from a number where it wants one (array indexes, integer
    /// operands): plain digits, optionally followed by `.0…`, within Int64.
    public var exactInt: Int64? {
        switch self {
        case .int(let i): return i
        case .decimal(let d): return d.integralValue
        case .text(let t): return t.integerText
        }
    }

    /// The integer Go's strconv.ParseInt reads from the text (`7`, `-0`, `+7`, `007`;
    /// not `1.0`), as OPA's type checker reads a constant array index.
    public var parsedInt: Int64? {
        switch self {
        case .int(let i): return i
        case .decimal: return nil
        case .text(let t):
            var bytes = Array(t.text.utf8)[...]
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return Int64(t.text.hasPrefix("+") ? String(t.text.dropFirst()) : t.text)
        }
    }
}

extension ScaledDecimal {
    var doubleValue: Double {
        if significand.magnitude < 1 << 53 && scale <= 22 {
            // Both exact in a double, so one correctly rounded division.
            return Double(significand) / ScaledDecimal.doublePowersOfTen[Int(scale)]
        }
        return Double(text) ?? 0
    }

    static let doublePowersOfTen: [Double] = (0...22).map { e in (0..<e).reduce(1.0) { p, _ in p * 10 } }

    /// The value when the fraction digits are all zero (`3.00` is 3).
    var integralValue: Int64? {
        let unit = ScaledDecimal.powerOfTen(scale)
        return significand % unit == 0 ? significand / unit : nil
    }

    /// `significand` written with `scale` fraction digits.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    var bytes: [UInt8] {
        var digits = Array(String(significand.magnitude).utf8)
        let scale = Int(self.scale)
        if digits.count <= scale {
            digits.insert(contentsOf: repeatElement(UInt8(ascii: "0"), count: scale + 1 - digits.count), at: 0)
        }
        digits.insert(UInt8(ascii: "."), at: digits.count - scale)
        if significand < 0 { digits.insert(UInt8(ascii: "-"), at: 0) }
        return digits
    }
}

extension NumberText {
    /// OPA's Int64 on this text: `-?digits(.0+)?` within Int64, else nil.
    var integerText: Int64? {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") { negative = true; bytes = bytes.dropFirst() }
        if let dot = bytes.firstIndex(of: UInt8(ascii: ".")) {
            let fraction = bytes[(dot + 1)...]
            guard !fraction.isEmpty, fraction.allSatisfy({ $0 == UInt8(ascii: "0") }) else { return nil }
            bytes = bytes[..<dot]
        }
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        var magnitude: UInt64 = 0
        for b in bytes {
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(b - 0x30))
            if o1 || o2 { return nil }
            magnitude = s
        }
        if negative { return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }
}
