// UUID builtins: uuid.rfc4122 (a random version 4 UUID, the same for the same key
// throughout one evaluation, as OPA caches it per query) and uuid.parse (the fields of
// a UUID in any of the forms Google's uuid.Parse reads; undefined for anything else).
// Invariant: a generated UUID has version 4 and the RFC 4122 variant bits, and its
// randomness comes from the system's generator.

enum UUIDBuiltins {
    static let all: [Builtin] = [rfc4122, parse]

    static let rfc4122 = builtin("uuid.rfc4122") { ops, context throws(BuiltinError) in
        // OPA declares the key a string but never checks it: any value keys its cache.
        return context.remembered(.array([.string(ops.name), ops[1]])) {
            var generator = SystemRandomNumberGenerator()
            var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
            bytes[6] = bytes[6] & 0x0f | 0x40
            bytes[8] = bytes[8] & 0x3f | 0x80
            return .string(text(bytes))
        }
    }

    /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in lowercase.
    static func text(_ b: [UInt8]) -> String {
        [b[0..<4], b[4..<6], b[6..<8], b[8..<10], b[10..<16]].map { Array($0).hexString }.joined(separator: "-")
    }

    /// uuid.parse(s): {version, variant}, and for versions 1 and 2 the time (Unix
    /// nanoseconds), clock sequence and node (`02-42-ac-12-00-02`, with its MAC
    /// address kind), and for version 2 the local id and domain.
    static let parse = builtin("uuid.parse") { ops throws(BuiltinError) in
        guard let u = bytes(of: try ops.string(1)) else { return nil }
        var o: [Value: Value] = [:]
        let version = Int(u[6] >> 4)
        o["version"] = .int(version)
        o["variant"] = .string(variant(u[8]))
        if version == 1 || version == 2 {
            let be16 = { (i: Int) in Int64(u[i]) << 8 | Int64(u[i + 1]) }
            let low = Int64(u[0]) << 24 | Int64(u[1]) << 16 | be16(2)
            // 100 ns intervals since 1582-10-15, to Unix nanoseconds.
            let intervals = low | be16(4) << 32 | (be16(6) & 0xfff) << 48
            let sinceUnix = intervals - 122_192_928_000_000_000
            // Go's UnixNano wraps past 64 bits (an all-ones time is 2^60 intervals, a
            // version 2 UUID's is its local id), and OPA prints the wrapped value.
            o["time"] = .number(.int((sinceUnix / 10_000_000) &* 1_000_000_000 &+ (sinceUnix % 10_000_000) &* 100))
            o["clocksequence"] = .int(Int(be16(8) & 0x3fff))
            o["nodeid"] = .string(u[10..<16].map { [$0].hexString }.joined(separator: "-"))
            o["macvariables"] = .string(macKind(u[10]))
            if version == 2 {
                o["id"] = .number(.int(low))
                o["domain"] = .string(["Person", "Group", "Org"].indices.contains(Int(u[9]))
                                      ? ["Person", "Group", "Org"][Int(u[9])] : "Domain\(u[9])")
            }
        }
        return .object(o)
    }

    /// The 16 bytes of a UUID written as 32 hex digits, with dashes, braced (the
    /// braces are not checked, as Google's parser does not) or after `urn:uuid:`.
    static func bytes(of text: String) -> [UInt8]? {
        var s = Array(text.utf8)
        switch s.count {
        case 32:
            return hexPairs(s, at: Array(stride(from: 0, to: 32, by: 2)))
        case 36:
            break
        case 45:
            guard String(decoding: s[0..<9], as: UTF8.self).lowercased() == "urn:uuid:" else { return nil }
            s.removeFirst(9)
        case 38:
            s.removeFirst()
        default:
            return nil
        }
        for dash in [8, 13, 18, 23] where s[dash] != UInt8(ascii: "-") { return nil }
        return hexPairs(s, at: [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34])
    }

    private static func hexPairs(_ s: [UInt8], at offsets: [Int]) -> [UInt8]? {
        guard case .success(let bytes) = Hex.decode(String(decoding: offsets.flatMap { [s[$0], s[$0 + 1]] }, as: UTF8.self))
        else { return nil }
        return bytes
    }

    private static func variant(_ b: UInt8) -> String {
        if b & 0xc0 == 0x80 { return "RFC4122" }
        if b & 0xe0 == 0xc0 { return "Microsoft" }
        if b & 0xe0 == 0xe0 { return "Future" }
        return "Reserved"
    }

    /// The MAC address kind from its first byte's group and local bits.
    private static func macKind(_ b: UInt8) -> String {
        switch b & 3 {
        case 3: return "local:multicast"
        case 1: return "global:multicast"
        case 2: return "local:unicast"
        default: return "global:unicast"
        }
    }
}
