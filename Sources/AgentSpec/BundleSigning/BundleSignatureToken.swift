// BundleSignatureToken: the JWT inside `.signatures.json` (JWS compact serialization,
// RFC 7515 §7.1): base64url header, payload and signature joined by dots. Its payload
// is OPA's signature claims: `files` (each {name, hash, algorithm}), and the optional
// `keyid`, `scope`, `iat`, `iss`. Signing writes what OPA's default signer writes: a
// header {"alg", "kid"} and a payload whose keys are in byte order (Go's json.Marshal
// of a map). Verification checks the signature with the *configured* algorithm and key,
// as OPA does — the token's own `alg` never chooses how it is checked.
import PolicyVM

/// One signed file in a signature's payload.
struct SignedFile: Sendable, Equatable {
    var name: String
    var hash: String
    var algorithm: String
}

/// A bundle signature token, split and decoded.
struct BundleSignatureToken {
    /// The base64url header and payload with their dot: what the signature signs.
    let signingInput: [UInt8]
    let signature: [UInt8]
    let files: [SignedFile]
    let scope: String

    /// Why a token cannot be read.
    struct Malformed: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// Splits and decodes `token`; the reason is OPA's where it has one.
    static func parse(_ token: String) -> Result<BundleSignatureToken, Malformed> {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return .failure(Malformed("the JWT has \(parts.count) parts, not 3 (header.payload.signature)")) }
        guard let payloadBytes = decode(String(parts[1])) else { return .failure(Malformed("the JWT payload is not base64url")) }
        guard let signature = decode(String(parts[2])) else { return .failure(Malformed("the JWT signature is not base64url")) }
        let payload: Value
        do { payload = try JSONReader.parse(bytes: payloadBytes) } catch {
            return .failure(Malformed("the JWT payload is not JSON: \(error.message)"))
        }
        guard case .object = payload else { return .failure(Malformed("the JWT payload is not a JSON object")) }
        var files: [SignedFile] = []
        switch payload.field("files") {
        case nil, .null?: break
        case .array(let items)?:
            for item in items {
                guard case .object = item else { return .failure(Malformed("the JWT payload's files must be objects {name, hash, algorithm}")) }
                var fields: [String] = []
                for key in ["name", "hash", "algorithm"] {
                    switch item.field(key) {
                    case nil, .null?: fields.append("")
                    case .string(let s)?: fields.append(s)
                    case let other?: return .failure(Malformed("the JWT payload's files[].\(key) must be a string, got \(JSONWriter.write(other))"))
                    }
                }
                files.append(SignedFile(name: fields[0], hash: fields[1], algorithm: fields[2]))
            }
        case let other?: return .failure(Malformed("the JWT payload's files must be an array, got \(JSONWriter.write(other))"))
        }
        var scope = ""
        switch payload.field("scope") {
        case nil, .null?: break
        case .string(let s)?: scope = s
        case let other?: return .failure(Malformed("the JWT payload's scope must be a string, got \(JSONWriter.write(other))"))
        }
        let input = Array(parts[0].utf8) + [UInt8(ascii: ".")] + Array(parts[1].utf8)
        return .success(BundleSignatureToken(signingInput: input, signature: signature, files: files, scope: scope))
    }

    /// Whether the signature is right for `config`'s algorithm and key.
    func isSigned(by config: BundleVerificationConfig) -> Bool {
        switch config.key {
        case .secret(let secret):
            guard let mac = Self.mac(config.algorithm, key: secret, input: signingInput) else { return false }
            return HMAC.constantTimeEqual(mac, signature)
        case .rsa(let key):
            let hash: RSAPublicKey.Hash
            switch config.algorithm {
            case .rs256: hash = .sha256
            case .rs384: hash = .sha384
            case .rs512: hash = .sha512
            case .hs256, .hs384, .hs512: return false
            }
            return key.verifies(signature, of: signingInput, hash: hash)
        }
    }

    /// The compact token for `payload` (a JSON object's bytes) signed with an HMAC
    /// `algorithm` and `secret`; the header names `keyID` as `kid` when it is not empty.
    static func sign(payload: [UInt8], algorithm: BundleSigningAlgorithm, secret: [UInt8], keyID: String) -> String? {
        var header = Array("{\"alg\":".utf8)
        JSONWriter.appendString(algorithm.rawValue, to: &header)
        if !keyID.isEmpty {
            header += Array(",\"kid\":".utf8)
            JSONWriter.appendString(keyID, to: &header)
        }
        header.append(UInt8(ascii: "}"))
        let input = Base64.url.encode(header, padded: false) + "." + Base64.url.encode(payload, padded: false)
        guard let mac = mac(algorithm, key: secret, input: Array(input.utf8)) else { return nil }
        return input + "." + Base64.url.encode(mac, padded: false)
    }

    /// The HMAC of `input` (nil for an RSA algorithm): the io.jwt builtins' own function.
    private static func mac(_ algorithm: BundleSigningAlgorithm, key: [UInt8], input: [UInt8]) -> [UInt8]? {
        algorithm.isHMAC ? JWTSigning.mac(algorithm.rawValue, key: key, input: input) : nil
    }

    /// Base64url without padding (RFC 7515 §2), as Go's RawURLEncoding reads it.
    private static func decode(_ text: String) -> [UInt8]? {
        guard !text.contains("="), case .success(let bytes) = Base64.url.decodeUnpadded(text) else { return nil }
        return bytes
    }
}
