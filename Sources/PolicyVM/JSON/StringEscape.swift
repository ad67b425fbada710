// StringEscape: the single-character escapes that JSON and Rego strings share (RFC 8259
// §7), in one place for the JSON reader and the Rego lexer.

enum StringEscape {
    /// The byte a one-character escape stands for (`n` → LF), or nil for any other byte
    /// (`u` starts a \uXXXX escape and is handled by the caller).
    @inline(__always) static func simple(_ e: UInt8) -> UInt8? {
        switch e {
        case UInt8(ascii: "\""): return 0x22
        case UInt8(ascii: "\\"): return 0x5C
        case UInt8(ascii: "/"): return 0x2F
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        default: return nil
        }
    }
}
