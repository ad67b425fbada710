// RequestId: accepting a client's X-Request-Id or generating a UUID v4.
// Invariant: the id forwarded and returned is always 1–128 visible ASCII characters.

/// X-Request-Id handling for the proxy.
enum RequestId {
    /// A client's id is kept when it is sane: at most 128 visible ASCII characters.
    static func isSane(_ value: String) -> Bool {
        let count = value.utf8.count
        return count > 0 && count <= 128 && ByteClass.all(value) { $0 >= 0x21 && $0 <= 0x7E }
    }

    /// A random (version 4) UUID, lowercase, RFC 9562 §5.4. Uses a fast generator
    /// seeded from the system: request ids need uniqueness, not secrecy.
    static func generate<Generator: RandomNumberGenerator>(using generator: inout Generator) -> String {
        var high = generator.next(), low = generator.next()
        high = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        // Written straight into the String's storage: one allocation per id.
        return String(unsafeUninitializedCapacity: 36) { text in
            guard let base = text.baseAddress, text.count >= 36 else { return 0 }
            // 8-4-4-4-12 hex digits: the high word gives the first 16, the low word the rest.
            storeHex(UInt32(truncatingIfNeeded: high >> 32), at: base)
            base[8] = UInt8(ascii: "-")
            storeHex(UInt32(truncatingIfNeeded: high), at: base + 9)
            // Digits 12..<16 move right past the second dash; then the third dash.
            UnsafeMutableRawPointer(base + 14).copyMemory(from: base + 13, byteCount: 4)  // may overlap
            base[13] = UInt8(ascii: "-")
            base[18] = UInt8(ascii: "-")
            storeHex(UInt32(truncatingIfNeeded: low >> 32), at: base + 19)
            UnsafeMutableRawPointer(base + 24).copyMemory(from: base + 23, byteCount: 4)
            base[23] = UInt8(ascii: "-")
            storeHex(UInt32(truncatingIfNeeded: low), at: base + 28)
            return 36
        }
    }

    /// Stores the 8 lowercase hex digits of `value`, most significant first, in one
    /// 8-byte store: each nibble is spread into its own byte, then mapped to ASCII
    /// ('0' + n, plus 39 more for n >= 10 to reach 'a').
    @inline(__always)
    private static func storeHex(_ value: UInt32, at destination: UnsafeMutablePointer<UInt8>) {
        var spread = UInt64(value)
        spread = (spread | (spread << 16)) & 0x0000_FFFF_0000_FFFF
        spread = (spread | (spread << 8)) & 0x00FF_00FF_00FF_00FF
        spread = (spread | (spread << 4)) & 0x0F0F_0F0F_0F0F_0F0F
        let isLetter = ((spread &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
        let ascii = spread &+ 0x3030_3030_3030_3030 &+ isLetter &* 39
        // The lowest byte holds the least significant nibble, which goes last in memory.
        UnsafeMutableRawPointer(destination).storeBytes(of: ascii.bigEndian, as: UInt64.self)
    }

    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    static func resolve<Generator: RandomNumberGenerator>(_ headers: HTTPHeaders, using generator: inout Generator) -> String {
        if let value = headers[first: .xRequestId], headers.count(of: .xRequestId) == 1, isSane(value) { return value }
        return generate(using: &generator)
    }

    static func resolve(_ headers: HTTPHeaders) -> String {
        var generator = SystemRandomNumberGenerator()
        return resolve(headers, using: &generator)
    }
}
