// ByteClass: the character classes of RFC 9110/9112/3986 as lookup tables.
// Invariant: every protocol check on a single byte goes through these tables, so the
// grammar lives in one place.

/// Byte classification for HTTP grammar, as 256-bit bitmaps held in constants (no
/// memory loads, no lazy globals on the per-byte path).
enum ByteClass {
    @inline(__always)
    private static func test(_ byte: UInt8, _ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) -> Bool {
        let word: UInt64
        switch byte >> 6 {
        case 0: word = w0
        case 1: word = w1
        case 2: word = w2
        default: word = w3
        }
        return (word >> UInt64(byte & 63)) & 1 != 0
    }

    /// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" /
    ///         "`" / "|" / "~" / DIGIT / ALPHA   (RFC 9110 §5.6.2)
    @inline(__always)
    static func isToken(_ byte: UInt8) -> Bool { test(byte, 0x03FF_6CFA_0000_0000, 0x57FF_FFFF_C7FF_FFFE, 0, 0) }

    /// field-vchar = VCHAR / obs-text, plus SP and HTAB inside a value (RFC 9110 §5.5).
    /// Everything else (CTLs, DEL, CR, LF, NUL) is rejected. Reason phrases use the
    /// same set: reason-phrase = 1*( HTAB / SP / VCHAR / obs-text ) (RFC 9112 §4).
    @inline(__always)
    static func isFieldValue(_ byte: UInt8) -> Bool {
        test(byte, 0xFFFF_FFFF_0000_0200, 0x7FFF_FFFF_FFFF_FFFF, .max, .max)
    }

    /// Bytes allowed in a request-target: RFC 3986 unreserved, reserved (gen-delims,
    /// sub-delims) and "%" (validated as pct-encoded separately).
    @inline(__always)
    static func isTarget(_ byte: UInt8) -> Bool { test(byte, 0xAFFF_FFFA_0000_0000, 0x47FF_FFFE_AFFF_FFFF, 0, 0) }

    /// Bytes allowed in a Host value: uri-host [ ":" port ] (RFC 3986 reg-name or
    /// IP-literal characters), i.e. the target bytes without "/", "?", "#" and "@".
    @inline(__always)
    static func isHost(_ byte: UInt8) -> Bool { test(byte, 0x2FFF_7FF2_0000_0000, 0x47FF_FFFE_AFFF_FFFE, 0, 0) }

    /// True when every byte is allowed in a field value. Eight bytes at a time: a word
    /// with no byte below 0x20 and none equal to 0x7F is valid as a whole; only words
    /// that might hold HTAB or a CTL are checked byte by byte. The last word overlaps
    /// the one before it (checking bytes twice is harmless), so no tail loop is needed.
    static func allFieldValue(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        guard count >= 8 else {
            for index in 0..<count where !isFieldValue(bytes[index]) { return false }
            return true
        }
        var index = 0
        while true {
            let at = Swift.min(index, count - 8)
            if mayHoldControl(bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)) {
                for offset in at..<(at + 8) where !isFieldValue(bytes[offset]) { return false }
            }
            if at == count - 8 { return true }
            index += 8
        }
    }

    /// Whether some byte of `word` may be below 0x20 or equal to 0x7F (never a false
    /// "no"; a "yes" can be false, after a borrow, and is checked byte by byte).
    @inline(__always)
    private static func mayHoldControl(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let below20 = (word &- ones &* 0x20) & ~word & highs
        let del = word ^ (ones &* 0x7F)
        let isDel = (del &- ones) & ~del & highs
        return below20 | isDel != 0
    }

    /// For each byte, its ASCII lowercase if it is a tchar, else 0: a field name is
    /// checked and case-folded with one load per byte.
    static let lowercaseToken: [UInt8] = (0...255).map { isToken(UInt8($0)) ? lowercased(UInt8($0)) : 0 }

    /// Whether every UTF-8 byte of `text` satisfies `predicate`, read from the String's
    /// storage (its UTF8View iterator costs tens of instructions per byte).
    @inline(__always)
    static func all(_ text: String, _ predicate: (UInt8) -> Bool) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(predicate) } ?? text.utf8.allSatisfy(predicate)
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    static func hexValue(_ b: UInt8) -> Int? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(b - 0x30)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(b - 0x61 + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(b - 0x41 + 10)
        default: return nil
        }
    }

    static func lowercased(_ b: UInt8) -> UInt8 {
        (b >= 0x41 && b <= 0x5A) ? b + 0x20 : b
    }
}
