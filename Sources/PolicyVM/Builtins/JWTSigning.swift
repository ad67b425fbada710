// JWT signing and signature checks with HMAC: io.jwt.verify_hs256/384/512(token,
// secret) and io.jwt.encode_sign_raw(header, payload, jwk) / io.jwt.encode_sign (the
// same from objects, written as Go's json.Marshal writes them), for HS256/384/512 and
// a JWK of kty "oct" (or a key set whose first key is one).
// verify_* splits the token and decodes only the signature, as OPA does: a bad header
// is not its business. Public-key algorithms (RS*, PS*, ES*, EdDSA) and RSA/EC/OKP keys
// need a public-key library the toolchain does not have: they fail with a reason
// naming that (UnsupportedBuiltins lists the verify_* builtins for them).
// Invariant: a token we sign is byte for byte OPA's (same sections, same MAC), and
// every failure seen in OPA's answers carries OPA's text (scripts/builtin_opa_cases/
// jwt_sign.py); JWK and header JSON errors OPA's key library words in ways not
// reproduced here are eval_builtin_errors with our own text.

package enum JWTSigning {
    static let all: [Builtin] = [
        verify("io.jwt.verify_hs256", "HS256"), verify("io.jwt.verify_hs384", "HS384"), verify("io.jwt.verify_hs512", "HS512"),
        encodeSignRaw, encodeSign,
    ]

    /// The MAC of a signing input under `alg`, or nil for an algorithm that is not HMAC.
    package static func mac(_ alg: String, key: [UInt8], input: [UInt8]) -> [UInt8]? {
        switch alg {
        case "HS256": return HMAC.mac(SHA256.self, key: key, message: input)
        case "HS384": return HMAC.mac(SHA384.self, key: key, message: input)
        case "HS512": return HMAC.mac(SHA512.self, key: key, message: input)
        default: return nil
        }
    }

    /// Algorithms OPA signs with that need public-key cryptography.
    static let publicKeyAlgorithms: Set<String> = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
                                                   "ES256", "ES384", "ES512", "EdDSA"]

    static let publicKeyReason = "agentspec has no public-key cryptography (the Swift toolchain has none without a third-party package); use HS256, HS384 or HS512"

    private static func verify(_ name: String, _ alg: String) -> Builtin {
        builtin(name) { ops throws(BuiltinError) in
            let sections: [String]
            switch CompactJWT.sections(try ops.string(1)) {
            case .failure(let e): throw .failure(name, e.message)
            case .success(let s): sections = s
            }
            let secret = try ops.string(2)
            let input = Array((sections[0] + "." + sections[1]).utf8)
            let expected = mac(alg, key: Array(secret.utf8), input: input) ?? []
            switch Base64.url.decodeUnpadded(sections[2]) {
            case .failure(let e): throw .failure(name, e.message)
            case .success(let signature): return .bool(HMAC.constantTimeEqual(signature, expected))
            }
        }
    }

    static let encodeSignRaw = builtin("io.jwt.encode_sign_raw") { ops throws(BuiltinError) in
        let key = try ops.string(3), header = try ops.string(1), payload = try ops.string(2)
        return .string(try sign(ops.name, header: header, payload: payload, jwk: key))
    }

    static let encodeSign = builtin("io.jwt.encode_sign") { ops throws(BuiltinError) in
        let header = JSONWriter.write(ops[1]), payload = JSONWriter.write(ops[2]), key = JSONWriter.write(ops[3])
        return .string(try sign(ops.name, header: header, payload: payload, jwk: key))
    }

    /// header.payload.MAC, each base64url without padding, as OPA's JWS library signs.
    private static func sign(_ name: String, header: String, payload: String, jwk: String) throws(BuiltinError) -> String {
        let key: [UInt8]
        switch OctetKey.parse(jwk) {
        case .success(let bytes): key = bytes
        case .failure(let e): throw .failure(name, e.message)
        }
        let alg = try algorithm(name, header)
        let input = Base64.url.encode(Array(header.utf8), padded: false) + "." + Base64.url.encode(Array(payload.utf8), padded: false)
        let mac = mac(alg, key: key, input: Array(input.utf8))
        if mac == nil, !publicKeyAlgorithms.contains(alg) { throw .failure(name, "unknown JWS algorithm: \(alg)") }
        if isJWTType(header), case .failure = GoJSONSyntax.decode(Array(payload.utf8)) {
            throw .failure(name, "type is JWT but payload is not JSON")
        }
        guard let mac else { throw .failure(name, "\(alg) signing is not supported: " + publicKeyReason) }
        return input + "." + Base64.url.encode(mac, padded: false)
    }

    /// The header's "alg", with the texts OPA's JWS library gives when it has none.
    private static func algorithm(_ name: String, _ header: String) throws(BuiltinError) -> String {
        let prefix = "missing or invalid 'alg' header: "
        switch GoJSONSyntax.decode(Array(header.utf8)) {
        case .failure:
            throw .failure(name, prefix + "cannot parse JSON: unexpected value found: \(GoQuote.quote(header)); unparsed tail: \(GoQuote.quote(header))")
        case .success(.object(let o)):
            switch o["alg"] {
            case nil: throw .failure(name, prefix + #"jwsbb: header "alg" not found"#)
            case .string(let alg)?: return alg
            case let other?: throw .failure(name, prefix + "value doesn't contain string; it contains \(other.typeName)")
            }
        case .success: throw .failure(name, prefix + #"jwsbb: header "alg" not found"#)
        }
    }

    /// Whether the header declares (or defaults to) typ "JWT", so the payload must be JSON.
    private static func isJWTType(_ header: String) -> Bool {
        guard case .success(.object(let o)) = GoJSONSyntax.decode(Array(header.utf8)) else { return true }
        return o["typ"] == nil || o["typ"] == .string("JWT")
    }
}

/// A symmetric JWK (kty "oct"): the bytes of its "k".
enum OctetKey {
    struct Failure: Error {
        let message: String
    }

    private static let sole = "jwk.Parse: failed to parse sole key: jwk.ParseKey: "

    static func parse(_ text: String) -> Result<[UInt8], Failure> {
        let key: RegoObject
        switch GoJSONSyntax.decode(Array(text.utf8)) {
        case .failure(let e):
            return .failure(Failure(message: sole + "jwk.Parse: failed to probe data: probe: failed to unmarshal data: " + e.message))
        case .success(.object(let o)):
            // A key set: its first key.
            if case .array(let keys)? = o["keys"], case .object(let first)? = keys.first { key = first } else { key = o }
        case .success(let other):
            return .failure(Failure(message: sole + "jwk.Parse: failed to probe data: probe: failed to unmarshal data: json: cannot unmarshal \(goJSONKind(other)) into Go value of type struct { Kty string \"json:\\\"kty\\\"\"; D json.RawMessage \"json:\\\"d,omitempty\\\"\" }"))
        }
        let kty: String
        switch key["kty"] {
        case nil: kty = ""
        case .string(let s)?: kty = s
        case let other?:
            return .failure(Failure(message: sole + "jwk.Parse: failed to probe data: probe: failed to unmarshal data: json: cannot unmarshal \(goJSONKind(other)) into Go struct field .kty of type string"))
        }
        switch kty {
        case "oct": break
        case "RSA", "EC", "OKP": return .failure(Failure(message: "\(kty) keys are not supported: " + JWTSigning.publicKeyReason))
        default: return .failure(Failure(message: sole + "invalid key type from JSON (\(kty))"))
        }
        let unmarshal = sole + "failed to unmarshal JSON into key (*jwk.symmetricKey): failed to unmarshal JSON into key (*jwk.symmetricKey): "
        switch key["k"] {
        case nil: return .failure(Failure(message: unmarshal + "required field k is missing"))
        case .string(let k)?:
            guard !k.isEmpty else {
                return .failure(Failure(message: sole + #"jwk.Parse: key validation failed: key validation failed: jwk.SymmetricKey: missing "k" field"#))
            }
            // The key library reads either base64 alphabet, without padding.
            let urlAlphabet = String(k.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
            guard !k.hasSuffix("="), case .success(let bytes) = Base64.url.decodeUnpadded(urlAlphabet) else {
                return .failure(Failure(message: unmarshal + "failed to decode value for key k: expected base64 encoded []byte (string)"))
            }
            return .success(bytes)
        case let other?:
            return .failure(Failure(message: unmarshal + "failed to decode value for key k: error reading next value: json: cannot unmarshal \(goJSONKind(other)) into Go value of type string"))
        }
    }

    /// Go's encoding/json name for a JSON value's kind in an unmarshal error.
    private static func goJSONKind(_ v: Value) -> String {
        switch v {
        case .bool: return "bool"
        case .number: return "number"
        case .string: return "string"
        case .array, .set: return "array"
        case .object: return "object"
        case .null: return "null"
        }
    }
}
