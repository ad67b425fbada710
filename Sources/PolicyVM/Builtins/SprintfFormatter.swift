// SprintfFormatter: Go's fmt.Sprintf over Rego values, as OPA's sprintf calls it.
// OPA hands Go a number by its text: an int64 for integer text (`1`, `1.0`), a
// *big.Int for longer digits, a float64 for other text with a point (`1.5`, `1.5e0`),
// and the text itself, a string, for the rest (`1e3`, `1e400`); a string as itself, and
// the term's Rego text for everything else. Invariant: every format string and
// argument list gives some text (Go's %!verb(...) markers included); nothing throws.

/// One argument as Go sees it.
enum GoArgument {
    case int(Int64)
    /// An integer beyond Int64.
    case big(BigInt)
    case float(Double)
    case string(String)

    init(_ value: Value) {
        switch value {
        case .number(let n):
            if let i = n.exactInt {
                self = .int(i)
            } else if case .text = n, let b = IntegerDigits.plainInteger(n) {
                self = .big(b)
            } else if n.text.utf8.contains(UInt8(ascii: ".")), n.doubleValue.isFinite {
                self = .float(n.doubleValue)
            } else {
                self = .string(n.text)
            }
        case .string(let s): self = .string(s)
        default: self = .string(value.regoText)
        }
    }

    var goTypeName: String {
        switch self {
        case .int: return "int64"
        case .big: return "*big.Int"
        case .float: return "float64"
        case .string: return "string"
        }
    }
}

/// Formats a Go format string with arguments.
struct SprintfFormatter {
    /// Widths and precisions past this would only build huge padding strings.
    static let maxWidth = 10_000

    private var flags = GoFormatFlags()
    private var out = ""
    private let format: [Character]
    private let args: [GoArgument]

    static func format(_ format: String, _ values: [Value]) -> String {
        var f = SprintfFormatter(format: Array(format), args: values.map(GoArgument.init))
        f.run()
        return f.out
    }

    private init(format: [Character], args: [GoArgument]) {
        self.format = format
        self.args = args
    }

    private mutating func run() {
        var argNum = 0, i = 0
        var reordered = false
        let end = format.count
        while i < end {
            var goodArgNum = true
            let start = i
            while i < end && format[i] != "%" { i += 1 }
            if i > start { out += String(format[start..<i]) }
            if i >= end { break }
            i += 1
            flags = GoFormatFlags()
            flagLoop: while i < end {
                switch format[i] {
                case "#": flags.sharp = true
                case "0": flags.zero = !flags.minus
                case "+": flags.plus = true
                case "-": flags.minus = true; flags.zero = false
                case " ": flags.space = true
                default: break flagLoop
                }
                i += 1
            }
            var afterIndex = false
            (argNum, i, afterIndex) = argNumber(argNum, i, &reordered, &goodArgNum)
            if i < end && format[i] == "*" {
                i += 1
                (flags.width, flags.hasWidth, argNum) = intFromArg(argNum)
                if !flags.hasWidth { out += "%!(BADWIDTH)" }
                if flags.width < 0 { flags.width = -flags.width; flags.minus = true; flags.zero = false }
                afterIndex = false
            } else {
                (flags.width, flags.hasWidth, i) = parseNumber(i)
                if afterIndex && flags.hasWidth { goodArgNum = false }
            }
            if i + 1 < end && format[i] == "." {
                i += 1
                if afterIndex { goodArgNum = false }
                (argNum, i, afterIndex) = argNumber(argNum, i, &reordered, &goodArgNum)
                if i < end && format[i] == "*" {
                    i += 1
                    (flags.precision, flags.hasPrecision, argNum) = intFromArg(argNum)
                    if flags.precision < 0 { flags.precision = 0; flags.hasPrecision = false }
                    if !flags.hasPrecision { out += "%!(BADPREC)" }
                    afterIndex = false
                } else {
                    (flags.precision, flags.hasPrecision, i) = parseNumber(i)
                    if !flags.hasPrecision { flags.precision = 0; flags.hasPrecision = true }
                }
            }
            if !afterIndex { (argNum, i, afterIndex) = argNumber(argNum, i, &reordered, &goodArgNum) }
            if i >= end { out += "%!(NOVERB)"; break }
            let verb = format[i]
            i += 1
            if verb == "%" { out += "%"; continue }
            if !goodArgNum { out += "%!\(verb)(BADINDEX)"; continue }
            if argNum >= args.count { out += "%!\(verb)(MISSING)"; continue }
            if verb == "v" {
                flags.sharpV = flags.sharp; flags.sharp = false
                flags.plusV = flags.plus; flags.plus = false
            }
            out += GoArgumentPrinter(flags: flags).print(args[argNum], verb)
            argNum += 1
        }
        if !reordered && argNum < args.count {
            out += "%!(EXTRA "
            for (n, arg) in args[argNum...].enumerated() {
                if n > 0 { out += ", " }
                out += arg.goTypeName + "=" + GoArgumentPrinter(flags: GoFormatFlags()).print(arg, "v")
            }
            out += ")"
        }
    }

    /// `[n]` explicit argument index, one-based in the text.
    private func argNumber(_ argNum: Int, _ i: Int, _ reordered: inout Bool, _ good: inout Bool) -> (Int, Int, Bool) {
        guard i < format.count, format[i] == "[" else { return (argNum, i, false) }
        reordered = true
        guard format.count - i >= 3 else { good = false; return (argNum, i + 1, false) }
        var j = i + 1
        while j < format.count && format[j] != "]" { j += 1 }
        guard j < format.count else { good = false; return (argNum, i + 1, false) }
        let (n, ok, next) = parseNumber(i + 1)
        guard ok, next == j else { good = false; return (argNum, j + 1, false) }
        let index = n - 1
        if index >= 0 && index < args.count { return (index, j + 1, true) }
        good = false
        return (argNum, j + 1, true)
    }

    private func parseNumber(_ start: Int) -> (Int, Bool, Int) {
        var i = start, n = 0, found = false
        while i < format.count, let d = format[i].wholeNumberValue, format[i].isASCII {
            n = Swift.min(n * 10 + d, SprintfFormatter.maxWidth)
            found = true
            i += 1
        }
        return (n, found, i)
    }

    private func intFromArg(_ argNum: Int) -> (Int, Bool, Int) {
        guard argNum < args.count else { return (0, false, argNum) }
        if case .int(let v) = args[argNum], Swift.abs(v) <= Int64(SprintfFormatter.maxWidth) {
            return (Int(v), true, argNum + 1)
        }
        return (0, false, argNum + 1)
    }
}

/// The flags, width and precision of one verb.
struct GoFormatFlags {
    var sharp = false, zero = false, plus = false, minus = false, space = false
    var sharpV = false, plusV = false
    var width = 0, hasWidth = false
    var precision = 0, hasPrecision = false
}
