// Base64: the standard alphabet (RFC 4648 §4) and the URL-safe one (§5), decoding
// exactly as Go's base64.StdEncoding and URLEncoding do: padding required, CR and LF
// skipped, and a malformed input reports the byte offset Go reports. Invariant:
// decode(encode(x)) == x for all bytes, in either alphabet.

package struct Base64: Sendable {
    /// `+` and `/`: base64.encode/decode.
    static let standard = Base64("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    /// `-` and `_`: base64url.* and JWTs.
    package static let url = Base64("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    private let alphabet: [UInt8]
    private let decodeTable: [Int8]

    private init(_ alphabet: String) {
        self.alphabet = Array(alphabet.utf8)
        var t = [Int8](repeating: -1, count: 256)
        for (i, c) in self.alphabet.enumerated() { t[Int(c)] = Int8(i) }
        decodeTable = t
    }

    /// The encoding, with `=` padding to a multiple of four unless `padded` is false.
    package func encode(_ bytes: [UInt8], padded: Bool = true) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            var chunk: UInt32 = 0
            for j in 0..<3 { chunk = chunk << 8 | UInt32(j < n ? bytes[i + j] : 0) }
            for j in 0..<4 {
                if j <= n { out.append(alphabet[Int((chunk >> (18 - 6 * UInt32(j))) & 63)]) }
                else if padded { out.append(UInt8(ascii: "=")) }
            }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The decoded bytes, or the offset of the first illegal input byte.
    package func decode(_ text: String) -> Result<[UInt8], DecodeError> {
        let src = Array(text.utf8)
        var out: [UInt8] = []
        var si = 0
        func isNewline(_ b: UInt8) -> Bool { b == 0x0A || b == 0x0D }
        while true {
            var quantum = [UInt8](repeating: 0, count: 4)
            var j = 0
            while j < 4 {
                if si == src.count {
                    if j == 0 { return .success(out) }
                    return .failure(DecodeError(offset: si - j))
                }
                let c = src[si]
                si += 1
                if isNewline(c) { continue }
                if c == UInt8(ascii: "=") {
                    if j < 2 { return .failure(DecodeError(offset: si - 1)) }
                    if j == 2 {
                        while si < src.count && isNewline(src[si]) { si += 1 }
                        if si == src.count { return .failure(DecodeError(offset: src.count)) }
                        if src[si] != UInt8(ascii: "=") { return .failure(DecodeError(offset: si - 1)) }
                        si += 1
                    }
                    while si < src.count && isNewline(src[si]) { si += 1 }
                    if si < src.count { return .failure(DecodeError(offset: si)) }
                    appendQuantum(quantum, count: j, to: &out)
                    return .success(out)
                }
                let v = decodeTable[Int(c)]
                if v < 0 { return .failure(DecodeError(offset: si - 1)) }
                quantum[j] = UInt8(v)
                j += 1
            }
            appendQuantum(quantum, count: 4, to: &out)
        }
    }

    private func appendQuantum(_ q: [UInt8], count: Int, to out: inout [UInt8]) {
        let v = UInt32(q[0]) << 18 | UInt32(q[1]) << 12 | UInt32(q[2]) << 6 | UInt32(q[3])
        let bytes = [UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)]
        out.append(contentsOf: bytes.prefix(count - 1))
    }

    /// `decode` of text that may lack its padding: two or three characters left over
    /// get their `=`s first (RFC 7515 appendix C), one is an error (OPA's base64url.decode).
    package func decodeUnpadded(_ text: String) -> Result<[UInt8], DecodeError> {
        guard !text.hasSuffix("=") else { return decode(text) }
        switch text.utf8.count % 4 {
        case 0: return decode(text)
        case 2: return decode(text + "==")
        case 3: return decode(text + "=")
        default: return .failure(DecodeError(message: "illegal base64url string: " + text))
        }
    }

    /// Go's CorruptInputError (or OPA's own text for a bad length).
    package struct DecodeError: Error {
        package let message: String
        init(offset: Int) { message = "illegal base64 data at input byte \(offset)" }
        init(message: String) { self.message = message }
    }
}
