// RequestId: accepting a client's X-Request-Id or generating a UUID v4.
// Invariant: the id forwarded and returned is always 1–128 visible ASCII characters.

/// X-Request-Id handling for the proxy.
enum RequestId {
    /// A client's id is kept when it is sane: at most 128 visible ASCII characters.
    static func isSane(_ value: String) -> Bool {
        let bytes = value.utf8
        return !bytes.isEmpty && bytes.count <= 128 && bytes.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }

    /// A random (version 4) UUID, lowercase, RFC 9562 §5.4.
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { byte -> String in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }
        return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(separator: "-")
    }

    static func resolve(_ headers: HTTPHeaders) -> String {
        if let value = headers[first: "X-Request-Id"], headers[all: "X-Request-Id"].count == 1, isSane(value) { return value }
        return generate()
    }
}
