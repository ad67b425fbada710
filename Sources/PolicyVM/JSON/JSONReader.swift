// JSONReader: parses JSON text (RFC 8259) straight from UTF-8 bytes into `Value`s.
// Strict: one value, no trailing commas, no comments, no NaN; duplicate keys keep the
// last, as Go's decoder (and so OPA) does. Nesting is capped so hostile input cannot
// exhaust the stack. Numbers keep their text, as OPA keeps it (`1.50` stays `1.50`).

/// Reads JSON text into values.
public struct JSONReader {
    /// Deep nesting would recurse without bound; real documents stay far below this.
    public static let maxDepth = 512

    /// The text being read; valid only during `parse` (it points into the caller's array).
    private let bytes: UnsafeBufferPointer<UInt8>
    private var pos = 0
    private var depth = 0
    /// Members and items of the objects and arrays still open, innermost last: each
    /// collection is built once at its final size from its slice, instead of growing
    /// an array of its own element by element.
    private var pendingMembers: [(Value, Value)] = []
    private var pendingItems: [Value] = []

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // Room for a typical document's open members and items at once, rather than
        // growing (and copying) them step by step on every parse.
        pendingMembers.reserveCapacity(32)
        pendingItems.reserveCapacity(32)
    }

    /// Parses one JSON value from `text`; surrounding whitespace is allowed.
    public static func parse(_ text: String) throws(JSONError) -> Value {
        // A native string's bytes are read in place; others are copied once.
        if let result = text.utf8.withContiguousStorageIfAvailable({ parse(buffer: $0) }) { return try result.get() }
        return try parse(bytes: Array(text.utf8))
    }

    public static func parse(bytes: [UInt8]) throws(JSONError) -> Value {
        try bytes.withUnsafeBufferPointer { parse(buffer: $0) }.get()
    }

    private static func parse(buffer: UnsafeBufferPointer<UInt8>) -> Result<Value, JSONError> {
        do throws(JSONError) {
            var r = JSONReader(buffer)
            r.skipSpace()
            let v = try r.readValue()
            r.skipSpace()
            if r.pos < r.bytes.count { throw r.error("unexpected content after the JSON value") }
            return .success(v)
        } catch {
            return .failure(error)
        }
    }

    // MARK: - Positions and errors

    private func error(_ message: String, at offset: Int? = nil) -> JSONError {
        let end = min(offset ?? pos, bytes.count)
        var line = 1, col = 1
        var i = 0
        while i < end {
            if bytes[i] == 0x0A { line += 1; col = 1 } else if bytes[i] & 0xC0 != 0x80 { col += 1 }
            i += 1
        }
        return JSONError(message: message, line: line, column: col)
    }

    private mutating func skipSpace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            default: return
            }
        }
    }

    // MARK: - Values

    private mutating func readValue() throws(JSONError) -> Value {
        guard pos < bytes.count else { throw error("unexpected end of JSON input") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try readObject()
        case UInt8(ascii: "["): return try readArray()
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try readNumber())
        default: throw error("unexpected character \(describe(bytes[pos]))")
        }
    }

    private func describe(_ b: UInt8) -> String {
        b >= 0x20 && b < 0x7F ? "'\(Character(UnicodeScalar(b)))'" : "0x" + String(b, radix: 16)
    }

    private mutating func expectWord(_ word: StaticString) throws(JSONError) {
        let start = pos
        let w = word.utf8Start
        for i in 0..<word.utf8CodeUnitCount {
            guard pos < bytes.count, bytes[pos] == w[i] else { throw error("invalid literal", at: start) }
            pos += 1
        }
    }

    private mutating func enter() throws(JSONError) {
        depth += 1
        if depth > JSONReader.maxDepth { throw error("nesting deeper than \(JSONReader.maxDepth) levels") }
    }

    private mutating func readArray() throws(JSONError) -> Value {
        try enter()
        pos += 1
        skipSpace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { pos += 1; depth -= 1; return .emptyArray }
        let first = pendingItems.count
        while true {
            skipSpace()
            let item = try readValue()
            pendingItems.append(item)
            skipSpace()
            guard pos < bytes.count else { throw error("unterminated array") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; break }
            throw error("expected ',' or ']' in array")
        }
        depth -= 1
        let items = Array(pendingItems[first...])
        pendingItems.removeSubrange(first...)
        return .array(items)
    }

    private mutating func readObject() throws(JSONError) -> Value {
        try enter()
        pos += 1
        skipSpace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") { pos += 1; depth -= 1; return .emptyObject }
        let first = pendingMembers.count
        while true {
            skipSpace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw error("expected a string key in object") }
            let key = try readString()
            skipSpace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw error("expected ':' after object key") }
            pos += 1
            skipSpace()
            let value = try readValue()
            pendingMembers.append((.string(key), value))
            skipSpace()
            guard pos < bytes.count else { throw error("unterminated object") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; break }
            throw error("expected ',' or '}' in object")
        }
        depth -= 1
        // Duplicate keys: the last one wins, as in Go's decoder (and so OPA).
        let object = RegoObject(members: pendingMembers[first...])
        pendingMembers.removeSubrange(first...)
        return .object(object)
    }

    // MARK: - Strings

    private mutating func readString() throws(JSONError) -> String {
        let start = pos
        pos += 1
        let contentStart = pos
        // Fast path: no escapes, so the bytes are the string. The scan keeps its index and
        // the OR of the bytes (high bit: not ASCII) in locals, off the reader's state.
        let base = bytes.baseAddress!, end = bytes.count
        var i = pos
        // Eight bytes a step while none is a quote, a backslash, a control character or
        // non-ASCII (the classic "has a zero / a smaller byte" word tricks); the byte loop
        // below finds which one stopped the scan.
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= end {
            let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let quote = w ^ (ones &* 0x22), backslash = w ^ (ones &* 0x5C)
            let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((w &- ones &* 0x20) & ~w) | w
            if special & highs != 0 { break }
            i += 8
        }
        var seen: UInt8 = 0
        while i < end {
            let b = base[i]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { break }
            seen |= b
            i += 1
        }
        pos = i
        if i < end, base[i] == UInt8(ascii: "\"") {
            let s = seen < 0x80 ? asciiString(contentStart, i) : try decodeUTF8(contentStart, i, start)
            pos += 1
            return s
        }
        var out = Array(UnsafeBufferPointer(rebasing: bytes[contentStart..<pos]))
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                guard let s = String(validating: out, as: UTF8.self) else { throw error("invalid UTF-8 in string", at: start) }
                return s
            }
            if b < 0x20 { throw error("control character in string") }
            if b != UInt8(ascii: "\\") { out.append(b); pos += 1; continue }
            pos += 1
            guard pos < bytes.count else { break }
            let e = bytes[pos]
            pos += 1
            if let simple = StringEscape.simple(e) { out.append(simple); continue }
            switch e {
            case UInt8(ascii: "u"):
                var scalar = try readHex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    if pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") {
                        pos += 2
                        let low = try readHex4()
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else { scalar = 0xFFFD }
                    } else { scalar = 0xFFFD }
                } else if (0xDC00..<0xE000).contains(scalar) { scalar = 0xFFFD }
                out.append(contentsOf: String(Character(UnicodeScalar(scalar) ?? "\u{FFFD}")).utf8)
            default:
                throw error("invalid escape '\\\(Character(UnicodeScalar(e)))' in string", at: pos - 2)
            }
        }
        throw error("unterminated string", at: start)
    }

    /// ASCII needs no validation: every byte is its own code point.
    private func asciiString(_ from: Int, _ to: Int) -> String {
        let source = UnsafeBufferPointer(rebasing: bytes[from..<to])
        return String(unsafeUninitializedCapacity: source.count) { buffer in
            _ = buffer.initialize(from: source)
            return source.count
        }
    }

    private func decodeUTF8(_ from: Int, _ to: Int, _ start: Int) throws(JSONError) -> String {
        guard let s = String(validating: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self) else {
            throw error("invalid UTF-8 in string", at: start)
        }
        return s
    }

    private mutating func readHex4() throws(JSONError) -> UInt32 {
        guard pos + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[pos]
            let d: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
            default: throw error("invalid hex digit in \\u escape")
            }
            v = v << 4 | UInt32(d)
            pos += 1
        }
        return v
    }

    // MARK: - Numbers

    private mutating func readNumber() throws(JSONError) -> Number {
        let start = pos
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < bytes.count, isDigit(bytes[pos]) else { throw error("invalid number", at: start) }
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < bytes.count, isDigit(bytes[pos]) { throw error("leading zero in number", at: start) }
        } else {
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            guard pos < bytes.count, isDigit(bytes[pos]) else { throw error("expected digits after '.'", at: start) }
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            pos += 1
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            guard pos < bytes.count, isDigit(bytes[pos]) else { throw error("expected digits in exponent", at: start) }
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        return Number(validatedBytes: bytes[start..<pos])
    }

    @inline(__always) private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}
