// HTTPFieldName: a header field name looked up often, prepared once: its case-folded
// key and lowercase bytes. Lookups compare keys first, so a field with another name is
// passed over with one integer comparison instead of a byte-by-byte case-folding one.

/// A field name prepared for case-insensitive lookups.
public struct HTTPFieldName: Sendable {
    /// The name as written (used when the field is added).
    public let text: String
    /// The name as written, as bytes (copied into heads without going through String).
    let textBytes: [UInt8]
    /// The name in ASCII lowercase, compared against candidates whose key matches.
    let lowercaseBytes: [UInt8]
    /// `HTTPFieldName.key(of:)` of the name.
    let key: UInt32
    /// Whether the name is a token (a field of this name can be written).
    let isToken: Bool

    public init(_ text: String) {
        self.text = text
        textBytes = Array(text.utf8)
        lowercaseBytes = text.utf8.map(ByteClass.lowercased)
        key = lowercaseBytes.withUnsafeBufferPointer { Self.key(of: $0) }
        isToken = !text.isEmpty && text.utf8.allSatisfy(ByteClass.isToken)
    }

    /// A hash of the name with ASCII letters folded to lowercase (FNV-1a). Equal names
    /// (ignoring case) have equal keys; the converse is checked byte by byte.
    @inline(__always)
    static func key(of bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash = keySeed
        for byte in bytes { hash = mixKey(hash, byte) }
        return hash
    }

    /// The key of an empty name; `mixKey` adds one byte (for scanners that hash as they go).
    static let keySeed: UInt32 = 2_166_136_261

    @inline(__always)
    static func mixKey(_ hash: UInt32, _ byte: UInt8) -> UInt32 {
        (hash ^ UInt32(ByteClass.lowercased(byte))) &* 16_777_619
    }

    /// Whether `a` and `b` spell the same name, ignoring ASCII case (names are tokens).
    @inline(__always)
    static func equalIgnoringCase(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        for index in 0..<a.count where ByteClass.lowercased(a[index]) != ByteClass.lowercased(b[index]) { return false }
        return true
    }

    /// Whether `bytes` spell this name, ignoring ASCII case. Only `bytes` needs folding:
    /// this side is lowercase already (half the work of `equalIgnoringCase`, on every
    /// lookup by a prepared name).
    @inline(__always)
    func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == lowercaseBytes.count else { return false }
        return lowercaseBytes.withUnsafeBufferPointer { wanted in
            for index in 0..<wanted.count where ByteClass.lowercased(bytes[index]) != wanted[index] { return false }
            return true
        }
    }

    /// Whether `bytes` start with this name, ignoring ASCII case.
    func isPrefix(of bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= lowercaseBytes.count else { return false }
        return matches(UnsafeBufferPointer(rebasing: bytes[0..<lowercaseBytes.count]))
    }
}

extension HTTPFieldName {
    public static let host = HTTPFieldName("Host")
    public static let contentLength = HTTPFieldName("Content-Length")
    public static let transferEncoding = HTTPFieldName("Transfer-Encoding")
    public static let connection = HTTPFieldName("Connection")
    public static let keepAlive = HTTPFieldName("Keep-Alive")
    public static let expect = HTTPFieldName("Expect")
    public static let date = HTTPFieldName("Date")
    public static let xForwardedFor = HTTPFieldName("X-Forwarded-For")
    public static let xForwardedProto = HTTPFieldName("X-Forwarded-Proto")
    public static let xForwardedHost = HTTPFieldName("X-Forwarded-Host")
    public static let xRequestId = HTTPFieldName("X-Request-Id")
}
