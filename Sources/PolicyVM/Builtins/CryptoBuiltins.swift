// Crypto builtins: crypto.md5, crypto.sha1, crypto.sha256 (hex digests of a string's
// bytes), crypto.hmac.md5/sha1/sha256/sha512 (hex MACs of a message under a key) and
// crypto.hmac.equal. Invariant: digests are of the string's UTF-8 bytes and are
// written in lowercase hex, as OPA writes them. (OPA's strings may hold bytes that are
// not UTF-8, such as hex.decode("ff"); ours cannot, see EncodingBuiltins.)

enum CryptoBuiltins {
    static let all: [Builtin] = [
        digest("crypto.md5", MD5.self), digest("crypto.sha1", SHA1.self), digest("crypto.sha256", SHA256.self),
        mac("crypto.hmac.md5", MD5.self), mac("crypto.hmac.sha1", SHA1.self),
        mac("crypto.hmac.sha256", SHA256.self), mac("crypto.hmac.sha512", SHA512.self),
        hmacEqual,
    ]

    private static func digest<H: DigestFunction>(_ name: String, _ function: H.Type) -> Builtin {
        builtin(name) { ops throws(BuiltinError) in
            .string(H.hash(Array(try ops.string(1).utf8)).hexString)
        }
    }

    /// crypto.hmac.<hash>(message, key).
    private static func mac<H: DigestFunction>(_ name: String, _ function: H.Type) -> Builtin {
        builtin(name) { ops throws(BuiltinError) in
            let message = try ops.string(1), key = try ops.string(2)
            return .string(HMAC.mac(H.self, key: Array(key.utf8), message: Array(message.utf8)).hexString)
        }
    }

    static let hmacEqual = builtin("crypto.hmac.equal") { ops throws(BuiltinError) in
        let a = try ops.string(1), b = try ops.string(2)
        return .bool(HMAC.constantTimeEqual(Array(a.utf8), Array(b.utf8)))
    }
}
