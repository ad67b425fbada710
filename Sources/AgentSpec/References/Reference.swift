// Reference: the `$env:`, `$secret:`, `$file:` and `$func:` forms a refOrLiteral field
// accepts, and their syntax. Parsing never touches the environment or the disk: that
// happens only when a reference is resolved (`ReferenceResolver`).

/// A field value that is either literal text or a reference resolved at run time.
public enum RefOrLiteral: Sendable, Equatable, CustomStringConvertible {
    case literal(String)
    case reference(Reference)

    public var description: String {
        switch self {
        case .literal(let s): return s
        case .reference(let r): return r.description
        }
    }

    public var reference: Reference? {
        if case .reference(let r) = self { return r }
        return nil
    }

    /// Reads a field's text: `$kind:rest` with a known kind is a reference (checked),
    /// an unknown `$kind:` is an error, anything else is a literal.
    public static func parse(_ text: String) throws(ReferenceSyntaxError) -> RefOrLiteral {
        guard text.hasPrefix("$"), let colon = text.firstIndex(of: ":") else { return .literal(text) }
        let kind = text[text.index(after: text.startIndex)..<colon]
        guard !kind.isEmpty, kind.utf8.allSatisfy({ $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) else {
            return .literal(text)
        }
        let body = String(text[text.index(after: colon)...])
        switch kind {
        case "env":
            guard Self.isEnvName(body) else {
                throw ReferenceSyntaxError("$env: needs a variable name matching ^[A-Za-z_][A-Za-z0-9_]*$, got \"\(text)\"")
            }
            return .reference(.env(body))
        case "secret":
            guard Self.isSecretName(body) else {
                throw ReferenceSyntaxError("$secret: needs a name of letters, digits, '.', '_', '-' or '/', got \"\(text)\"")
            }
            return .reference(.secret(body))
        case "file":
            guard !body.isEmpty else { throw ReferenceSyntaxError("$file: needs a path, got \"\(text)\"") }
            guard !body.hasPrefix("/") else {
                throw ReferenceSyntaxError("$file: paths are relative to the manifest's folder, got \"\(text)\"")
            }
            guard FilePath.normalized(body) != nil else {
                throw ReferenceSyntaxError("$file: path must stay inside the manifest's folder, got \"\(text)\"")
            }
            return .reference(.file(body))
        case "func":
            guard Reference.functions.contains(body) else {
                throw ReferenceSyntaxError("unknown function \"\(body)\" in \"\(text)\"; expected one of \(Reference.functions.joined(separator: ", "))")
            }
            return .reference(.function(body))
        default:
            throw ReferenceSyntaxError("unknown reference kind \"$\(kind):\" in \"\(text)\"; expected $env:, $secret:, $file: or $func:")
        }
    }

    static func isEnvName(_ s: String) -> Bool {
        guard let first = s.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
        return s.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isLetter($0) || isDigit($0) }
    }

    static func isSecretName(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy {
            isLetter($0) || isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_")
                || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "/")
        }
    }

    private static func isLetter(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
}

/// A reference to a value outside the manifest.
public enum Reference: Sendable, Equatable, CustomStringConvertible {
    case env(String)
    case secret(String)
    case file(String)
    case function(String)

    /// The built-in functions `$func:` knows.
    public static let functions = ["now_iso", "now_unix", "now_date"]

    public var description: String {
        switch self {
        case .env(let n): return "$env:\(n)"
        case .secret(let n): return "$secret:\(n)"
        case .file(let p): return "$file:\(p)"
        case .function(let f): return "$func:\(f)"
        }
    }
}

/// A malformed reference.
public struct ReferenceSyntaxError: Error, Sendable {
    public var message: String
    init(_ message: String) { self.message = message }
}

/// Relative path arithmetic without touching the disk.
enum FilePath {
    /// `a/./b/../c` -> `a/c`; nil when `..` climbs above the starting folder.
    static func normalized(_ path: String) -> String? {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }
}
