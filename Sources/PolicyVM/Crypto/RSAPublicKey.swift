// RSAPublicKey: an RSA public key read from PEM — a SubjectPublicKeyInfo ("PUBLIC
// KEY", what `openssl rsa -pubout` writes and Go's x509.ParsePKIXPublicKey reads) or a
// PKCS#1 RSAPublicKey ("RSA PUBLIC KEY") — and RSASSA-PKCS1-v1_5 signature
// verification (RFC 8017 §8.2.2) with SHA-256, SHA-384 or SHA-512: what RS256/384/512
// JWS signatures are. Verification uses only the public key, so nothing here is secret.
// Invariant: a key Go's crypto/rsa would refuse (under 1024 bits, an even or tiny
// exponent) is refused, and a signature verifies only when its encoded message equals
// the expected one byte for byte.

package struct RSAPublicKey: Sendable, Equatable {
    let modulus: BigUInt
    let exponent: BigUInt
    /// k in RFC 8017: the modulus's length in bytes.
    let length: Int

    package struct Failure: Error, Sendable, Equatable { package let message: String }

    /// rsaEncryption, 1.2.840.113549.1.1.1, as DER contents.
    private static let rsaEncryptionOID: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]

    /// Go's crypto/rsa refuses smaller moduli (since Go 1.24) as insecure.
    static let minimumBits = 1024

    /// The key in the PEM text `pem`.
    package static func parsePEM(_ pem: String) -> Result<RSAPublicKey, Failure> {
        let lines = pem.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters() }.filter { !$0.isEmpty }
        guard let begin = lines.firstIndex(where: { $0.hasPrefix("-----BEGIN ") && $0.hasSuffix("-----") }) else {
            return .failure(Failure(message: "no PEM block (-----BEGIN PUBLIC KEY-----) found"))
        }
        let label = String(lines[begin].dropFirst(11).dropLast(5))
        guard let finish = lines[begin...].firstIndex(of: "-----END \(label)-----") else {
            return .failure(Failure(message: "PEM block \(label) has no END line"))
        }
        let body = lines[(begin + 1)..<finish].joined()
        guard case .success(let der) = Base64.standard.decode(body) else {
            return .failure(Failure(message: "PEM block \(label) is not valid base64"))
        }
        do throws(DERReader.Failure) {
            switch label {
            case "PUBLIC KEY": return try make(spki: der)
            case "RSA PUBLIC KEY": return try make(pkcs1: der)
            case "CERTIFICATE": return .failure(Failure(message: "a certificate was given: give its public key (openssl x509 -pubkey -noout)"))
            default:
                return .failure(Failure(message: "PEM block \(label) is not a public key (PUBLIC KEY or RSA PUBLIC KEY)"
                                        + (label.contains("PRIVATE") ? ": never give a private key to the verifier" : "")))
            }
        } catch {
            return .failure(Failure(message: "malformed key: \(error.message)"))
        }
    }

    private static func make(spki der: [UInt8]) throws(DERReader.Failure) -> Result<RSAPublicKey, Failure> {
        var outer = DERReader(der)
        var info = try outer.element(0x30, "SubjectPublicKeyInfo")
        try outer.expectEnd("SubjectPublicKeyInfo")
        var algorithm = try info.element(0x30, "AlgorithmIdentifier")
        let oid = try algorithm.element(0x06, "algorithm OID").rest()
        guard oid == rsaEncryptionOID else { return .failure(Failure(message: "not an RSA key (its algorithm is not rsaEncryption)")) }
        var bits = try info.element(0x03, "subjectPublicKey").rest()
        guard bits.first == 0 else { throw DERReader.Failure(message: "subjectPublicKey has unused bits") }
        bits.removeFirst()
        return try make(pkcs1: bits)
    }

    private static func make(pkcs1 der: [UInt8]) throws(DERReader.Failure) -> Result<RSAPublicKey, Failure> {
        var outer = DERReader(der)
        var sequence = try outer.element(0x30, "RSAPublicKey")
        try outer.expectEnd("RSAPublicKey")
        let n = try sequence.unsignedInteger("modulus")
        let e = try sequence.unsignedInteger("publicExponent")
        try sequence.expectEnd("RSAPublicKey")
        let modulus = BigUInt(bigEndian: n), exponent = BigUInt(bigEndian: e)
        guard modulus.bitWidth >= minimumBits else {
            return .failure(Failure(message: "a \(modulus.bitWidth)-bit RSA key is too small (at least \(minimumBits) bits)"))
        }
        guard exponent.bitWidth >= 2, exponent.bitWidth <= 32, exponent.bit(0) else {
            return .failure(Failure(message: "the RSA public exponent must be odd, at least 3 and below 2^32"))
        }
        return .success(RSAPublicKey(modulus: modulus, exponent: exponent, length: (modulus.bitWidth + 7) / 8))
    }

    /// The hash functions of RS256, RS384 and RS512, with their DigestInfo prefixes
    /// (RFC 8017 §9.2 note 1).
    package enum Hash: Sendable {
        case sha256, sha384, sha512

        func digestInfo(_ message: [UInt8]) -> [UInt8] {
            switch self {
            case .sha256:
                return [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20]
                    + SHA256.hash(message)
            case .sha384:
                return [0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30]
                    + SHA384.hash(message)
            case .sha512:
                return [0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40]
                    + SHA512.hash(message)
            }
        }
    }

    /// RSASSA-PKCS1-v1_5-VERIFY (RFC 8017 §8.2.2): whether `signature` signs `message`.
    package func verifies(_ signature: [UInt8], of message: [UInt8], hash: Hash) -> Bool {
        // Step 1: the signature is exactly k bytes.
        guard signature.count == length else { return false }
        // Step 2: s < n, then m = s^e mod n, EM = I2OSP(m, k).
        let s = BigUInt(bigEndian: signature)
        guard s < modulus, let encoded = s.power(exponent, modulo: modulus).bigEndianBytes(length: length) else { return false }
        // Step 3: EM' = 0x00 || 0x01 || PS (0xFF…, at least 8) || 0x00 || T.
        let t = hash.digestInfo(message)
        guard length >= t.count + 11 else { return false }
        let expected = [0x00, 0x01] + [UInt8](repeating: 0xFF, count: length - t.count - 3) + [0x00] + t
        // Step 4: compare.
        return encoded == expected
    }
}

private extension Substring {
    func trimmingCharacters() -> String {
        String(drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }
}
