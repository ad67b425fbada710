// YAMLScalarText: how one string is written as a YAML scalar. Plain style is used only
// for a conservative alphabet that no YAML 1.1 or 1.2 resolver reads as a bool, null,
// number or timestamp; everything else is double-quoted with JSON-compatible escapes.
// Invariant: the written scalar reads back as exactly the given string.

/// Scalar spelling rules for `YAMLEmitter`.
enum YAMLScalarText {
    /// Words some YAML version resolves to a bool or null (compared case-insensitively).
    private static let reserved: Set<String> = ["y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"]

    /// A value scalar.
    static func scalar(_ s: String) -> String { isPlainSafe(s) ? s : doubleQuoted(s) }

    /// A mapping key (same rules).
    static func key(_ s: String) -> String { scalar(s) }

    /// Letters first, then letters, digits, `_`, `.`, `/`, `-`; not a reserved word.
    static func isPlainSafe(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, isLetter(first) || first == "/" else { return false }
        guard s.unicodeScalars.allSatisfy({ isLetter($0) || ("0"..."9").contains($0) || "_./-".unicodeScalars.contains($0) }) else {
            return false
        }
        return !reserved.contains(s.lowercased())
    }

    private static func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }

    /// `"…"` with `\\`, `\"`, `\n`, `\t`, `\r` and `\uXXXX` for other control and
    /// line-separator characters; valid as both JSON and YAML.
    static func doubleQuoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if c.value < 0x20 || c.value == 0x7F || c.value == 0x85 || c.value == 0x2028 || c.value == 0x2029 || c.value == 0xFEFF {
                    let hex = String(c.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }

    /// The literal block header (`|`, `|-` or `|+`) for multi-line text that a literal
    /// block keeps byte-exact; nil when the text must be quoted instead (no newline,
    /// control characters, CR, leading blanks that would confuse indentation detection).
    static func literalBlockIndicator(_ s: String) -> String? {
        guard s.contains("\n") else { return nil }
        for c in s.unicodeScalars where c != "\n" {
            if c.value < 0x20 || c.value == 0x7F || c.value == 0x85 || c.value == 0x2028 || c.value == 0x2029 || c.value == 0xFEFF {
                return nil
            }
        }
        // The first non-empty line fixes the block's indentation: it may not start with a
        // blank, and no earlier (empty) line may hold spaces.
        for line in s.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { continue }
            if line.first == " " { return nil }
            break
        }
        let trailing = s.reversed().prefix { $0 == "\n" }.count
        guard trailing < s.count else { return nil }
        // Clip/keep chomping only sees trailing *empty* lines; a last content line of
        // only spaces would be read as content anyway, so it stays exact.
        switch trailing {
        case 0: return "|-"
        case 1: return "|"
        default: return "|+"
        }
    }
}
