// DERReader: just enough of ASN.1 DER (X.690) to read an RSA public key — tag, length
// (short and long form, no indefinite length), and the contents of SEQUENCE, INTEGER,
// OBJECT IDENTIFIER, NULL and BIT STRING. Strict: a length past the end, a
// non-minimal long-form length, or bytes left over are errors.

struct DERReader {
    struct Failure: Error { let message: String }

    private let bytes: [UInt8]
    private var i: Int
    private let end: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        i = 0
        end = bytes.count
    }

    private init(_ bytes: [UInt8], from start: Int, to end: Int) {
        self.bytes = bytes
        i = start
        self.end = end
    }

    var isAtEnd: Bool { i == end }

    /// The next element's tag and a reader over its contents.
    mutating func element(_ expected: UInt8, _ what: String) throws(Failure) -> DERReader {
        guard i < end else { throw Failure(message: "\(what) missing") }
        guard bytes[i] == expected else { throw Failure(message: "\(what): unexpected tag 0x\(String(bytes[i], radix: 16))") }
        i += 1
        guard i < end else { throw Failure(message: "\(what): no length") }
        var length = Int(bytes[i])
        i += 1
        if length & 0x80 != 0 {
            let count = length & 0x7F
            // Four length bytes describe 4 GiB: far past any key.
            guard count >= 1, count <= 4, i + count <= end else { throw Failure(message: "\(what): bad length") }
            length = 0
            for _ in 0..<count {
                length = length << 8 | Int(bytes[i])
                i += 1
            }
            guard length >= 0x80, bytes[i - count] != 0 else { throw Failure(message: "\(what): length not minimal (not DER)") }
        }
        guard length <= end - i else { throw Failure(message: "\(what): length past the end") }
        let inner = DERReader(bytes, from: i, to: i + length)
        i += length
        return inner
    }

    /// The bytes of this reader's contents not read yet.
    func rest() -> [UInt8] { Array(bytes[i..<end]) }

    /// A non-negative INTEGER's magnitude, big-endian without leading zeros.
    mutating func unsignedInteger(_ what: String) throws(Failure) -> [UInt8] {
        var content = try element(0x02, what).rest()
        guard let first = content.first else { throw Failure(message: "\(what): empty INTEGER") }
        guard first & 0x80 == 0 else { throw Failure(message: "\(what): negative") }
        while content.first == 0 { content.removeFirst() }
        return content
    }

    func expectEnd(_ what: String) throws(Failure) {
        guard isAtEnd else { throw Failure(message: "\(what): unexpected bytes after it") }
    }
}
