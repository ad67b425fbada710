// SHA2: the compression the SHA-2 functions share (FIPS 180-4 §6.2.2, §6.4.2): SHA-256
// runs it on 32-bit words, SHA-512 and SHA-384 on 64-bit words; they differ only in
// the word size, the round constants, the initial values and the rotation amounts.
// Invariant: with FIPS 180-4's parameters each digest is the published one.

/// One SHA-2 variant's constants. Each σ is two right rotations and a right shift;
/// each Σ three right rotations.
struct SHA2Parameters<Word: FixedWidthInteger & UnsignedInteger & Sendable>: Sendable {
    let roundConstants: [Word]
    let sigma0: (Int, Int, Int)
    let sigma1: (Int, Int, Int)
    let bigSigma0: (Int, Int, Int)
    let bigSigma1: (Int, Int, Int)
}

enum SHA2 {
    /// The digest of `message` from `initial`, cut to its first `length` bytes.
    static func digest<Word>(_ message: [UInt8], initial: [Word], length: Int, _ p: SHA2Parameters<Word>) -> [UInt8] {
        let wordBytes = Word.bitWidth / 8, blockSize = 16 * wordBytes
        let k = p.roundConstants
        var h = initial
        let data = DigestPadding.padded(message, blockSize: blockSize, lengthBytes: 2 * wordBytes, bigEndian: true)
        var w = [Word](repeating: 0, count: k.count)
        for block in stride(from: 0, to: data.count, by: blockSize) {
            for i in 0..<16 {
                var word: Word = 0
                for j in 0..<wordBytes { word = word << 8 | Word(data[block + wordBytes * i + j]) }
                w[i] = word
            }
            for i in 16..<k.count {
                let s0 = rotr(w[i - 15], p.sigma0.0) ^ rotr(w[i - 15], p.sigma0.1) ^ (w[i - 15] >> p.sigma0.2)
                let s1 = rotr(w[i - 2], p.sigma1.0) ^ rotr(w[i - 2], p.sigma1.1) ^ (w[i - 2] >> p.sigma1.2)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
            for i in 0..<k.count {
                let bigS1 = rotr(e, p.bigSigma1.0) ^ rotr(e, p.bigSigma1.1) ^ rotr(e, p.bigSigma1.2)
                let bigS0 = rotr(a, p.bigSigma0.0) ^ rotr(a, p.bigSigma0.1) ^ rotr(a, p.bigSigma0.2)
                let t1 = hh &+ bigS1 &+ ((e & f) ^ (~e & g)) &+ k[i] &+ w[i]
                let t2 = bigS0 &+ ((a & b) ^ (a & c) ^ (b & c))
                (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
            }
            for (i, v) in [a, b, c, d, e, f, g, hh].enumerated() { h[i] = h[i] &+ v }
        }
        var out: [UInt8] = []
        out.reserveCapacity(h.count * wordBytes)
        for word in h {
            for i in (0..<wordBytes).reversed() { out.append(UInt8(truncatingIfNeeded: word >> (8 * i))) }
        }
        return Array(out.prefix(length))
    }

    @inline(__always) private static func rotr<Word: FixedWidthInteger>(_ x: Word, _ n: Int) -> Word {
        x >> n | x << (Word.bitWidth - n)
    }
}
