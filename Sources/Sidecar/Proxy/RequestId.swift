// RequestId: accepting a client's X-Request-Id or generating a UUID v4.
// Invariant: the id forwarded and returned is always 1–128 visible ASCII characters.

/// X-Request-Id handling for the proxy.
enum RequestId {
    /// A client's id is kept when it is sane: at most 128 visible ASCII characters.
    static func isSane(_ value: String) -> Bool {
        let bytes = value.utf8
        return !bytes.isEmpty && bytes.count <= 128 && bytes.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }

    /// A random (version 4) UUID, lowercase, RFC 9562 §5.4. Uses a fast generator
    /// seeded from the system: request ids need uniqueness, not secrecy.
    static func generate<Generator: RandomNumberGenerator>(using generator: inout Generator) -> String {
        var high = generator.next(), low = generator.next()
        high = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        // Written straight into the String's storage: one allocation per id.
        return String(unsafeUninitializedCapacity: 36) { text in
            var position = 0
            for index in 0..<32 {
                if index == 8 || index == 12 || index == 16 || index == 20 {
                    text[position] = UInt8(ascii: "-")
                    position += 1
                }
                let word = index < 16 ? high : low
                let nibble = UInt8(truncatingIfNeeded: word >> UInt64(60 - (index % 16) * 4)) & 0xF
                text[position] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
                position += 1
            }
            return position
        }
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
