// StringSearch: byte- and rune-level string operations with Go's semantics. Swift's
// own String comparisons use canonical equivalence ("é" == "e\u{301}"), which Rego
// does not: every search here compares UTF-8 bytes or Unicode scalars exactly.

enum StringSearch {
    /// Byte offset of the first occurrence of `needle` in `haystack`, or nil.
    static func firstIndex<Bytes: RandomAccessCollection>(of needle: [UInt8], in haystack: Bytes, from start: Int = 0) -> Int?
    where Bytes.Element == UInt8, Bytes.Index == Int {
        if needle.isEmpty { return start <= haystack.count ? start : nil }
        guard haystack.count >= needle.count else { return nil }
        let first = needle[0]
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    static func contains(_ haystack: String, _ needle: String) -> Bool {
        firstIndex(of: Array(needle.utf8), in: Array(haystack.utf8)) != nil
    }

    static func hasPrefix(_ s: String, _ prefix: String) -> Bool {
        s.utf8.starts(with: prefix.utf8)
    }

    static func hasSuffix(_ s: String, _ suffix: String) -> Bool {
        s.utf8.reversed().starts(with: suffix.utf8.reversed())
    }

    /// Go's strings.Split: an empty separator splits into single runes.
    static func split(_ s: String, by separator: String) -> [String] {
        if separator.isEmpty { return s.unicodeScalars.map { String($0) } }
        let bytes = Array(s.utf8), sep = Array(separator.utf8)
        var parts: [String] = []
        var start = 0
        while let i = firstIndex(of: sep, in: bytes, from: start) {
            parts.append(String(decoding: bytes[start..<i], as: UTF8.self))
            start = i + sep.count
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    /// Go's unicode.ToUpper / ToLower: one scalar maps to one scalar; a character whose
    /// full mapping is longer (ß → SS) keeps itself, as Go's simple mapping does.
    static func mapCase(_ s: String, upper: Bool) -> String {
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            if scalar.isASCII {
                let v = scalar.value
                if upper, v >= 0x61, v <= 0x7A { out.append(Unicode.Scalar(v - 32)!) }
                else if !upper, v >= 0x41, v <= 0x5A { out.append(Unicode.Scalar(v + 32)!) }
                else { out.append(scalar) }
                continue
            }
            if !upper, scalar.value == 0x130 { out.append("i"); continue }   // İ: Go maps to plain i
            let mapped = upper ? scalar.properties.uppercaseMapping : scalar.properties.lowercaseMapping
            let scalars = mapped.unicodeScalars
            if scalars.count == 1, let only = scalars.first { out.append(only) } else { out.append(scalar) }
        }
        return String(out)
    }

    /// Go's strings.Trim family: drop leading and/or trailing runes found in `cutset`.
    static func trim(_ s: String, cutset: String, leading: Bool, trailing: Bool) -> String {
        let cut = Set(cutset.unicodeScalars)
        return trimScalars(s, leading: leading, trailing: trailing) { cut.contains($0) }
    }

    /// Go's strings.TrimSpace: Unicode white space at both ends.
    static func trimSpace(_ s: String) -> String {
        trimScalars(s, leading: true, trailing: true) { $0.properties.isWhitespace }
    }

    private static func trimScalars(_ s: String, leading: Bool, trailing: Bool, _ drop: (Unicode.Scalar) -> Bool) -> String {
        var scalars = Substring(s).unicodeScalars
        if leading { while let f = scalars.first, drop(f) { scalars.removeFirst() } }
        if trailing { while let l = scalars.last, drop(l) { scalars.removeLast() } }
        return String(scalars)
    }
}
