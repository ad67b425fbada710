// HMAC (RFC 2104) over any DigestFunction: H((K ^ opad) || H((K ^ ipad) || m)), a key
// longer than a block hashed first, a shorter one padded with zeros. Invariant: RFC
// 4231's and RFC 2202's test cases give their published MACs.

package enum HMAC {
    package static func mac<H: DigestFunction>(_: H.Type, key: [UInt8], message: [UInt8]) -> [UInt8] {
        var k = key.count > H.blockSize ? H.hash(key) : key
        k += [UInt8](repeating: 0, count: H.blockSize - k.count)
        let inner = H.hash(k.map { $0 ^ 0x36 } + message)
        return H.hash(k.map { $0 ^ 0x5c } + inner)
    }

    /// Whether two MACs are equal, in time that depends only on their lengths (what
    /// crypto.hmac.equal promises, as Go's hmac.Equal does).
    package static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
