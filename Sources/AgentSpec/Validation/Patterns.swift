// Patterns: the schema's string patterns (slug, semver, URL), checked byte by byte so
// validation needs no regex engine.

enum Patterns {
    static let slug = "^[a-z0-9-]+$"
    static let semver = "^\\d+\\.\\d+\\.\\d+$"

    /// `^[a-z0-9-]+$`
    static func isSlug(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || isDigit($0) || $0 == UInt8(ascii: "-") }
    }

    /// `^\d+\.\d+\.\d+$`
    static func isSemver(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy(isDigit) }
    }

    /// `scheme://authority…` with an RFC 3986 scheme and a non-empty authority.
    static func isURL(_ s: String) -> Bool {
        guard let range = s.range(of: "://") else { return false }
        let scheme = s[..<range.lowerBound]
        guard let first = scheme.utf8.first, isLetter(first),
              scheme.utf8.allSatisfy({ isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") })
        else { return false }
        let rest = s[range.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return !authority.isEmpty && !s.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" })
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
    private static func isLetter(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
    }
}
