// HTTPFieldName: a header field name looked up often, prepared once: its case-folded
// key and lowercase bytes. Lookups compare keys first, so a field with another name is
// passed over with one integer comparison instead of a byte-by-byte case-folding one.
// The constants below are spelled as literals with their keys written out: a constant
// built at run time is a lazy global, and every use of one pays a `swift_once` call
// (about 25 per proxied response). HTTPFieldNameTests checks each against `init(_:)`.

/// A field name prepared for case-insensitive lookups.
package struct HTTPFieldName: Sendable {
    /// Bytes held in the binary (the prepared constants), kept for the whole process (names
    /// prepared at run time from text spelled elsewhere), or in an array (any other name).
    enum Spelling: @unchecked Sendable {
        case literal(StaticString)
        case interned(UnsafePointer<UInt8>, count: Int)
        case array([UInt8])

        @inline(__always)
        func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
            switch self {
            case .literal(let text): return body(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
            case .interned(let start, let count): return body(UnsafeBufferPointer(start: start, count: count))
            case .array(let bytes): return bytes.withUnsafeBufferPointer(body)
            }
        }

        /// The bytes copied to memory that is never freed (no reference to count on use).
        static func interned(_ bytes: [UInt8]) -> Spelling {
            let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, bytes.count))
            copy.initialize(from: bytes, count: bytes.count)
            return .interned(UnsafePointer(copy), count: bytes.count)
        }
    }

    /// The name as written (used when the field is added).
    let spelling: Spelling
    /// The name in ASCII lowercase, compared against candidates whose key matches.
    let lowercase: Spelling
    /// `HTTPFieldName.key(of:)` of the name.
    let key: UInt32
    /// Whether the name is a token (a field of this name can be written).
    let isToken: Bool

    /// The name as written.
    package var text: String { spelling.withBytes { String(decoding: $0, as: UTF8.self) } }

    package init(_ text: String) {
        let bytes = Array(text.utf8)
        let lowercaseBytes = bytes.map(ByteClass.lowercased)
        spelling = .array(bytes)
        lowercase = .array(lowercaseBytes)
        key = lowercaseBytes.withUnsafeBufferPointer { Self.key(of: $0) }
        isToken = !bytes.isEmpty && bytes.allSatisfy(ByteClass.isToken)
    }

    /// A name prepared once for the life of the process from text spelled elsewhere (the
    /// contract's field names): its bytes are kept in memory never freed, so a lookup by
    /// it costs what one by a literal constant does. Only for constants: each call keeps
    /// its bytes forever.
    init(interned text: String) {
        let prepared = HTTPFieldName(text)
        spelling = prepared.spelling.withBytes { .interned(Array($0)) }
        lowercase = prepared.lowercase.withBytes { .interned(Array($0)) }
        key = prepared.key
        isToken = prepared.isToken
    }

    /// A token name known when the program is written: its lowercase form and key are
    /// given, so the constant is laid out in the binary and needs no initialisation.
    init(literal: StaticString, lowercase: StaticString, key: UInt32) {
        spelling = .literal(literal)
        self.lowercase = .literal(lowercase)
        self.key = key
        isToken = true
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
        (hash ^ UInt32(ByteClass.lowercased(byte))) &* keyPrime
    }

    /// The FNV-1a multiplier (for scanners that fold the byte themselves).
    static let keyPrime: UInt32 = 16_777_619

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
        lowercase.withBytes { wanted in
            // Byte by byte: inlined where names are looked up, this beats calling the
            // word-at-a-time comparison (measured on the proxy's instructions per request).
            guard bytes.count == wanted.count else { return false }
            for index in 0..<wanted.count where ByteClass.lowercased(bytes[index]) != wanted[index] { return false }
            return true
        }
    }

    /// Whether `bytes` start with this name, ignoring ASCII case. Most names differ in
    /// their first byte, which is checked here; the rest is compared out of line.
    @inline(__always)
    func isPrefix(of bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        lowercase.withBytes { wanted in
            guard bytes.count >= wanted.count, let first = bytes.first, let wantedFirst = wanted.first,
                  ByteClass.lowercased(first) == wantedFirst else { return bytes.count >= wanted.count && wanted.isEmpty }
            return Self.equalLowercasingOutOfLine(UnsafeBufferPointer(rebasing: bytes[0..<wanted.count]), wanted)
        }
    }

    /// Whether `bytes` spell this name, for a long name (the agent's X-AgentSpec-* fields):
    /// compared a word at a time, out of line.
    func matchesLong(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        lowercase.withBytes { wanted in bytes.count == wanted.count && Self.equalLowercasingOutOfLine(bytes, wanted) }
    }

    @inline(never)
    static func equalLowercasingOutOfLine(_ candidate: UnsafeBufferPointer<UInt8>, _ lowercase: UnsafeBufferPointer<UInt8>) -> Bool {
        equalLowercasing(candidate, lowercase)
    }

    /// Whether `candidate`, ASCII-lowercased, equals `lowercase` (of the same length).
    /// Eight bytes at a time: each word is lowercased in registers (a byte of 'A'...'Z'
    /// gains 0x20; bytes at or above 0x80 are left as they are), the last word
    /// overlapping the one before; names shorter than a word go byte by byte.
    @inline(__always)
    static func equalLowercasing(_ candidate: UnsafeBufferPointer<UInt8>, _ lowercase: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = candidate.count
        guard count >= 8, let a = candidate.baseAddress, let b = lowercase.baseAddress else {
            for index in 0..<count where ByteClass.lowercased(candidate[index]) != lowercase[index] { return false }
            return true
        }
        var offset = 0
        while true {
            let word = UnsafeRawPointer(a + offset).loadUnaligned(as: UInt64.self)
            if lowercased(word) != UnsafeRawPointer(b + offset).loadUnaligned(as: UInt64.self) { return false }
            if offset + 8 == count { return true }
            offset = Swift.min(offset + 8, count - 8)
        }
    }

    /// The eight bytes of `word` ASCII-lowercased. A byte below 0x80 is upper case when
    /// adding 0x3F carries it to 0x80 or above (it is at least 'A') and adding 0x25 does
    /// not (it is at most 'Z'); neither addition carries into the next byte.
    @inline(__always)
    static func lowercased(_ word: UInt64) -> UInt64 {
        let low7 = word & 0x7F7F_7F7F_7F7F_7F7F
        let upper = (low7 &+ 0x3F3F_3F3F_3F3F_3F3F) & ~(low7 &+ 0x2525_2525_2525_2525) & ~word & 0x8080_8080_8080_8080
        return word | (upper >> 2)
    }
}

extension HTTPFieldName {
    package static let host = HTTPFieldName(literal: "Host", lowercase: "host", key: 0xAFFE_A56F)
    package static let contentLength = HTTPFieldName(literal: "Content-Length", lowercase: "content-length", key: 0x4DF9_451D)
    package static let transferEncoding = HTTPFieldName(literal: "Transfer-Encoding", lowercase: "transfer-encoding", key: 0xDDB4_744C)
    package static let connection = HTTPFieldName(literal: "Connection", lowercase: "connection", key: 0x38B9_9ED9)
    package static let keepAlive = HTTPFieldName(literal: "Keep-Alive", lowercase: "keep-alive", key: 0xE18E_DB80)
    package static let expect = HTTPFieldName(literal: "Expect", lowercase: "expect", key: 0x96DA_6B58)
    package static let date = HTTPFieldName(literal: "Date", lowercase: "date", key: 0xD472_DC59)
    package static let xForwardedFor = HTTPFieldName(literal: "X-Forwarded-For", lowercase: "x-forwarded-for", key: 0xADB2_F988)
    package static let xForwardedProto = HTTPFieldName(literal: "X-Forwarded-Proto", lowercase: "x-forwarded-proto", key: 0x2EB2_AF39)
    package static let xForwardedHost = HTTPFieldName(literal: "X-Forwarded-Host", lowercase: "x-forwarded-host", key: 0x2886_7067)
    package static let xRequestId = HTTPFieldName(literal: "X-Request-Id", lowercase: "x-request-id", key: 0xE2C2_1457)
    static let proxyConnection = HTTPFieldName(literal: "Proxy-Connection", lowercase: "proxy-connection", key: 0x32C0_9DA6)
    static let te = HTTPFieldName(literal: "TE", lowercase: "te", key: 0x3C45_3EB2)
    static let upgrade = HTTPFieldName(literal: "Upgrade", lowercase: "upgrade", key: 0xDC97_CC77)
    static let proxyAuthenticate = HTTPFieldName(literal: "Proxy-Authenticate", lowercase: "proxy-authenticate", key: 0xA17E_DAEF)
    static let proxyAuthorization = HTTPFieldName(literal: "Proxy-Authorization", lowercase: "proxy-authorization", key: 0xA01F_18BB)
    static let trailer = HTTPFieldName(literal: "Trailer", lowercase: "trailer", key: 0x816F_EDE0)

    /// Every prepared constant (for the test that checks their keys and spellings).
    static let prepared: [HTTPFieldName] = [
        .host, .contentLength, .transferEncoding, .connection, .keepAlive, .expect, .date, .xForwardedFor,
        .xForwardedProto, .xForwardedHost, .xRequestId, .proxyConnection, .te, .upgrade, .proxyAuthenticate,
        .proxyAuthorization, .trailer,
    ]
}
