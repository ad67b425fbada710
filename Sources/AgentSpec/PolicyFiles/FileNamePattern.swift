// FileNamePattern: a shell pattern over one file or folder name, as Go's filepath.Match
// reads it (what `opa test --ignore` takes): `*` any run of characters, `?` one
// character, `[abc]`, `[a-z]`, `[^…]` one character of a class, `\` escapes the next.
// A name has no separators, so `*` never stops early. Invariant: a malformed pattern is
// refused when made, never silently matching nothing.

/// A compiled file-name pattern.
public struct FileNamePattern: Sendable {
    private enum Piece: Sendable {
        case scalar(Unicode.Scalar)
        case anyOne
        case anyRun
        case set([ClosedRange<Unicode.Scalar>], negated: Bool)
    }

    public struct SyntaxError: Error, Sendable { public let message: String }

    public let text: String
    private let pieces: [Piece]

    public init(_ pattern: String) throws(SyntaxError) {
        text = pattern
        var pieces: [Piece] = []
        let s = Array(pattern.unicodeScalars)
        var i = 0
        func escaped() throws(SyntaxError) -> Unicode.Scalar {
            if s[i] == "\\" {
                i += 1
                guard i < s.count else { throw SyntaxError(message: "pattern \"\(pattern)\" ends with a lone \\") }
            }
            defer { i += 1 }
            return s[i]
        }
        while i < s.count {
            switch s[i] {
            case "*": pieces.append(.anyRun); i += 1
            case "?": pieces.append(.anyOne); i += 1
            case "[":
                i += 1
                let negated = i < s.count && s[i] == "^"
                if negated { i += 1 }
                var ranges: [ClosedRange<Unicode.Scalar>] = []
                while i < s.count, s[i] != "]" {
                    let lo = try escaped()
                    var hi = lo
                    if i + 1 < s.count, s[i] == "-", s[i + 1] != "]" {
                        i += 1
                        hi = try escaped()
                    }
                    guard lo <= hi else { throw SyntaxError(message: "pattern \"\(pattern)\" has the empty range \(lo)-\(hi)") }
                    ranges.append(lo...hi)
                }
                guard i < s.count, !ranges.isEmpty else { throw SyntaxError(message: "pattern \"\(pattern)\" has an unclosed or empty [") }
                i += 1
                pieces.append(.set(ranges, negated: negated))
            default:
                pieces.append(.scalar(try escaped()))
            }
        }
        self.pieces = pieces
    }

    /// Whether the whole name matches (greedy with one backtrack point per `*`, linear
    /// in practice for names).
    public func matches(_ name: String) -> Bool {
        let n = Array(name.unicodeScalars)
        var p = 0, c = 0
        var star: (piece: Int, char: Int)?
        while c < n.count {
            if p < pieces.count, case .anyRun = pieces[p] {
                star = (p, c)
                p += 1
                continue
            }
            if p < pieces.count, accepts(pieces[p], n[c]) {
                p += 1
                c += 1
                continue
            }
            guard let s = star else { return false }
            star = (s.piece, s.char + 1)
            p = s.piece + 1
            c = s.char + 1
        }
        while p < pieces.count, case .anyRun = pieces[p] { p += 1 }
        return p == pieces.count
    }

    private func accepts(_ piece: Piece, _ c: Unicode.Scalar) -> Bool {
        switch piece {
        case .scalar(let s): return s == c
        case .anyOne: return true
        case .anyRun: return false
        case .set(let ranges, let negated): return ranges.contains { $0.contains(c) } != negated
        }
    }
}
