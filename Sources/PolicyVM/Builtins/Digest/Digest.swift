// Digest: the hash functions the crypto and JWT builtins need (MD5, SHA-1, SHA-256,
// SHA-384, SHA-512) behind one protocol, and the Merkle–Damgård padding they share.
// Written here because the package takes no dependencies and Foundation on Linux has
// no digests. Invariant: each function is the published algorithm bit for bit (the
// tests hold them to the RFCs' and FIPS 180-4's test vectors and to OPA's answers).

/// A hash function over whole messages.
package protocol DigestFunction {
    /// The block the compression function consumes (HMAC pads keys to it).
    static var blockSize: Int { get }
    static func hash(_ message: [UInt8]) -> [UInt8]
}

enum DigestPadding {
    /// `message` followed by 0x80, zeros, and the bit length in `lengthBytes` bytes
    /// (big-endian for SHA, little-endian for MD5), a whole number of blocks long.
    static func padded(_ message: [UInt8], blockSize: Int, lengthBytes: Int, bigEndian: Bool) -> [UInt8] {
        var out = message
        out.append(0x80)
        while (out.count + lengthBytes) % blockSize != 0 { out.append(0) }
        // Messages are far shorter than 2^61 bytes, so the bit length fits 64 bits; a
        // 128-bit length field (SHA-384/512) gets zeros in its upper half.
        let bits = UInt64(message.count) &* 8
        var length = [UInt8](repeating: 0, count: lengthBytes)
        for i in 0..<8 { length[lengthBytes - 1 - i] = UInt8(truncatingIfNeeded: bits >> (8 * UInt64(i))) }
        out.append(contentsOf: bigEndian ? length : Array(length.reversed()))
        return out
    }
}

extension Array where Element == UInt8 {
    /// Lowercase hexadecimal, as Go's `%x` and hex.EncodeToString write bytes.
    package var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(count * 2)
        for b in self {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
