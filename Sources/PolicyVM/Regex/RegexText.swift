// RegexText: the text a match runs over, as UTF-8 bytes with rune decoding both ways
// (Swift strings are valid UTF-8, so decoding needs no error path).
// Invariant: positions are byte offsets on rune boundaries, 0…count.

struct RegexText {
    let bytes: UnsafeBufferPointer<UInt8>

    var count: Int { bytes.count }

    /// The rune starting at `pos` and its width; noRune and 0 at the end.
    @inline(__always) func rune(at pos: Int) -> (UInt32, Int) {
        guard pos < bytes.count else { return (EmptyWidth.noRune, 0) }
        let b0 = UInt32(bytes[pos])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(bytes[pos + 1] & 0x3F), 2) }
        if b0 < 0xF0 { return ((b0 & 0x0F) << 12 | UInt32(bytes[pos + 1] & 0x3F) << 6 | UInt32(bytes[pos + 2] & 0x3F), 3) }
        return ((b0 & 0x07) << 18 | UInt32(bytes[pos + 1] & 0x3F) << 12 | UInt32(bytes[pos + 2] & 0x3F) << 6
                | UInt32(bytes[pos + 3] & 0x3F), 4)
    }

    /// The rune ending at `pos`; noRune at the start.
    func rune(before pos: Int) -> UInt32 {
        guard pos > 0 else { return EmptyWidth.noRune }
        var start = pos - 1
        while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return rune(at: start).0
    }

    /// The first position at or after `from` where `needle` occurs, or nil.
    func index(of needle: [UInt8], from: Int) -> Int? {
        StringSearch.firstIndex(of: needle, in: bytes, from: from)
    }
}

/// Runs `body` over the UTF-8 bytes of `s` without copying when `s` is native.
func withRegexText<R>(_ s: String, _ body: (RegexText) throws(RegexWorkExceeded) -> R) throws(RegexWorkExceeded) -> R {
    var s = s
    s.makeContiguousUTF8()
    let result: Result<R, RegexWorkExceeded> = s.utf8.withContiguousStorageIfAvailable { buffer in
        do throws(RegexWorkExceeded) { return .success(try body(RegexText(bytes: buffer))) } catch { return .failure(error) }
    }!
    return try result.get()
}

/// A match took more steps than its budget allowed.
package struct RegexWorkExceeded: Error, Equatable, Sendable {
    package let limit: Int
}

/// Counts the work of matching, so callers can bound it: one step is one NFA thread
/// moved one position, or one DFA transition taken.
package struct RegexWork {
    package var steps = 0
    package var limit: Int

    package init(limit: Int = .max) { self.limit = limit }

    @inline(__always) mutating func charge(_ n: Int) throws(RegexWorkExceeded) {
        steps &+= n
        if steps > limit { throw RegexWorkExceeded(limit: limit) }
    }
}
