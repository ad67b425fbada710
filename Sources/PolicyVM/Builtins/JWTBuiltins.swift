// JWT builtins: io.jwt.decode(token) = [header, payload, signature as hex], read as OPA
// reads a compact JWS: three base64url sections (padding optional), a JSON object
// header and payload (decoded as OPA's util.UnmarshalJSON decodes: GoJSONSyntax), a
// header with "enc" refused as a JWE, and a header whose "cty" is exactly "JWT" taken
// as a nested token, decoded in its turn. Nothing is verified: the signature is only
// decoded. Invariant: every failure is OPA's message, in OPA's order (sections,
// header encoding, header JSON, JWE, payload encoding, payload JSON, signature).

enum JWTBuiltins {
    static let all: [Builtin] = [decode]

    static let decode = builtin("io.jwt.decode") { ops throws(BuiltinError) in
        switch CompactJWT.decode(try ops.string(1)) {
        case .success(let jwt): return .array([.object(jwt.header), .object(jwt.payload), .string(jwt.signature.hexString)])
        case .failure(let e): throw .failure(ops.name, e.message)
        }
    }
}

/// A decoded compact JWS.
struct CompactJWT {
    let header: RegoObject
    let payload: RegoObject
    let signature: [UInt8]

    struct Failure: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    /// The three base64url sections of a compact token, split at its periods.
    static func sections(_ token: String) -> Result<[String], Failure> {
        guard token.utf8.contains(UInt8(ascii: ".")) else { return .failure(Failure("encoded JWT had no period separators")) }
        let sections = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard sections.count == 3 else { return .failure(Failure("encoded JWT must have 3 sections, found \(sections.count)")) }
        return .success(sections)
    }

    /// A header section decoded: a JSON object that is not a JWE's.
    static func header(_ text: String) -> Result<RegoObject, Failure> {
        let header: RegoObject
        switch section(text, "JWT header had invalid encoding: ") {
        case .failure(let e): return .failure(e)
        case .success(let bytes):
            switch object(bytes) {
            case .failure(let e): return .failure(Failure("bad JWT header: " + e.message))
            case .success(let o): header = o
            }
        }
        if header["enc"] != nil { return .failure(Failure("JWT is a JWE object, which is not supported")) }
        return .success(header)
    }

    static func decode(_ token: String) -> Result<CompactJWT, Failure> {
        let sections: [String]
        switch Self.sections(token) {
        case .failure(let e): return .failure(e)
        case .success(let s): sections = s
        }
        let header: RegoObject
        switch Self.header(sections[0]) {
        case .failure(let e): return .failure(e)
        case .success(let h): header = h
        }

        let payloadBytes: [UInt8]
        switch section(sections[1], "JWT payload had invalid encoding: ") {
        case .failure(let e): return .failure(e)
        case .success(let bytes): payloadBytes = bytes
        }
        if header["cty"] == .string("JWT") { return decode(String(decoding: payloadBytes, as: UTF8.self)) }
        let payload: RegoObject
        switch object(payloadBytes) {
        case .failure(let e): return .failure(e)
        case .success(let o): payload = o
        }

        switch section(sections[2], "JWT signature had invalid encoding: ") {
        case .failure(let e): return .failure(e)
        case .success(let signature): return .success(CompactJWT(header: header, payload: payload, signature: signature))
        }
    }

    /// A base64url section, padded or not (base64url.decode's reading).
    static func section(_ text: String, _ context: String) -> Result<[UInt8], Failure> {
        Base64.url.decodeUnpadded(text).mapError { Failure(context + $0.message) }
    }

    static func object(_ bytes: [UInt8]) -> Result<RegoObject, Failure> {
        switch GoJSONSyntax.decode(bytes) {
        case .failure(let e): return .failure(Failure("invalid JSON: " + e.message))
        case .success(.object(let o)): return .success(o)
        case .success: return .failure(Failure("decoded JSON type was not an Object"))
        }
    }
}
