// SemVer builtins: semver.compare and semver.is_valid, with OPA's parser (an optional
// leading "v", MAJOR.MINOR.PATCH as Go integers, dot-separated pre-release and build
// identifiers of [0-9A-Za-z-]). Invariant: build metadata never affects order.

/// A parsed semantic version.
struct SemanticVersion {
    var major: Int64, minor: Int64, patch: Int64
    var preRelease: String

    init?(_ text: String) {
        var rest = Substring(text)
        if rest.hasPrefix("v") { rest = rest.dropFirst() }
        let (core0, metadata) = SemanticVersion.cut(rest, "+")
        if !metadata.isEmpty && !SemanticVersion.isIdentifierList(metadata) { return nil }
        let (core, pre) = SemanticVersion.cut(core0, "-")
        if !pre.isEmpty && !SemanticVersion.isIdentifierList(pre) { return nil }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
              let major = SemanticVersion.goInt(parts[0]),
              let minor = SemanticVersion.goInt(parts[1]),
              let patch = SemanticVersion.goInt(parts[2]) else { return nil }
        (self.major, self.minor, self.patch, self.preRelease) = (major, minor, patch, String(pre))
    }

    private static func cut(_ s: Substring, _ separator: Character) -> (Substring, Substring) {
        guard let i = s.firstIndex(of: separator) else { return (s, "") }
        return (s[..<i], s[s.index(after: i)...])
    }

    /// Go's strconv.ParseInt(s, 10, 64): optional sign, decimal digits.
    private static func goInt(_ s: Substring) -> Int64? {
        guard let first = s.first, first != "+" || s.count > 1 else { return nil }
        return Int64(s.hasPrefix("+") ? s.dropFirst() : s)
    }

    private static func isIdentifierList(_ s: Substring) -> Bool {
        s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
        }
    }

    /// -1, 0 or 1 by SemVer 2.0 precedence.
    func compare(_ other: SemanticVersion) -> Int {
        for (a, b) in [(major, other.major), (minor, other.minor), (patch, other.patch)] where a != b {
            return a < b ? -1 : 1
        }
        if preRelease == other.preRelease { return 0 }
        if preRelease.isEmpty { return 1 }
        if other.preRelease.isEmpty { return -1 }
        let xs = preRelease.split(separator: ".", omittingEmptySubsequences: false)
        let ys = other.preRelease.split(separator: ".", omittingEmptySubsequences: false)
        for (x, y) in zip(xs, ys) {
            let xNumeric = x.allSatisfy(\.isASCIIDigit), yNumeric = y.allSatisfy(\.isASCIIDigit)
            if xNumeric && !yNumeric { return -1 }
            if !xNumeric && yNumeric { return 1 }
            if xNumeric {
                let a = Int64(x) ?? Int64.max, b = Int64(y) ?? Int64.max
                if a != b { return a < b ? -1 : 1 }
            } else {
                let c = Value.compareCodePoints(String(x), String(y))
                if c != 0 { return c }
            }
        }
        return xs.count == ys.count ? 0 : (xs.count < ys.count ? -1 : 1)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isWholeNumber }
}

enum SemverBuiltins {
    static let all: [Builtin] = [compare, isValid]

    static let compare = builtin("semver.compare") { ops throws(BuiltinError) in
        let a = try ops.string(1), b = try ops.string(2)
        guard let x = SemanticVersion(a) else {
            throw .failure(ops.name, "operand 1: string \(GoQuote.quote(a)) is not a valid SemVer")
        }
        guard let y = SemanticVersion(b) else {
            throw .failure(ops.name, "operand 2: string \(GoQuote.quote(b)) is not a valid SemVer")
        }
        return .int(x.compare(y))
    }

    static let isValid = builtin("semver.is_valid") { ops throws(BuiltinError) in
        guard case .string(let s) = ops[1] else { return .false }
        return .bool(SemanticVersion(s) != nil)
    }
}
