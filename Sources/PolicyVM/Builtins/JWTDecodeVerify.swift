// io.jwt.decode_verify(token, constraints) = [valid, header, payload], as OPA v1.20
// answers it for HMAC secrets. Constraints (read in key order, any other key refused):
// `secret` (required, non-empty), `alg`, `iss`, `aud`, `time` (ns, default: the
// evaluation's time.now_ns). Then, per token level (a header cty of "JWT", any case,
// makes the payload the next token): the header's alg/kid/typ/cty must be strings and
// crit a non-empty list; a header without alg or with an unknown critical parameter,
// another alg than the constraint's, or a signature that does not verify is
// [false, {}, {}]. Claims of the innermost payload: iss must be present and equal when
// constrained; aud (a string, or an array holding the string) must match when present
// and be present when constrained; time/1e9 must be before exp and not before nbf (both
// numbers, else an error). A non-string iss under an iss constraint makes OPA panic;
// here it is [false, {}, {}]. A `cert` constraint needs public-key cryptography and is
// an error naming that.
// Invariant: every answer OPA gives for these inputs is ours (scripts/builtin_opa_cases/
// jwt_verify.py holds the rows).

enum JWTDecodeVerify {
    static let all: [Builtin] = [decodeVerify]

    private static let unverified: Value = .array([.false, .object([:]), .object([:])])

    private struct Constraints {
        var secret = "", alg = "", iss = "", aud = ""
        var time: Double?
    }

    static let decodeVerify = builtin("io.jwt.decode_verify") { ops, context throws(BuiltinError) in
        let name = ops.name
        let constraints = try parse(ops, now: context.nowNanoseconds)
        let time = constraints.time ?? 0
        var token = try ops.string(1)
        var header: RegoObject, payloadBytes: [UInt8]
        while true {
            let sections = try unwrap(name, CompactJWT.sections(token))
            header = try unwrap(name, CompactJWT.header(sections[0]))
            let fields = try headerFields(name, header)
            guard fields.isValid, constraints.alg.isEmpty || constraints.alg == fields.alg else { return unverified }
            let signature = try unwrap(name, Base64.url.decodeUnpadded(sections[2]).mapError { CompactJWT.Failure($0.message) })
            let input = Array((sections[0] + "." + sections[1]).utf8)
            guard let mac = JWTSigning.mac(fields.alg, key: Array(constraints.secret.utf8), input: input),
                  HMAC.constantTimeEqual(signature, mac) else { return unverified }
            payloadBytes = try unwrap(name, CompactJWT.section(sections[1], "JWT payload had invalid encoding: "))
            guard fields.cty.uppercased() == "JWT" else { break }
            token = String(decoding: payloadBytes, as: UTF8.self)
        }
        let payload = try unwrap(name, CompactJWT.object(payloadBytes))
        guard claimsHold(payload, constraints) else { return unverified }
        let seconds = Value.number(Number(time / 1_000_000_000))
        if let exp = payload["exp"] {
            guard case .number = exp else { throw .failure(name, "exp value must be a number") }
            if Value.compare(seconds, exp) >= 0 { return unverified }
        }
        if let nbf = payload["nbf"] {
            guard case .number = nbf else { throw .failure(name, "nbf value must be a number") }
            if Value.compare(seconds, nbf) < 0 { return unverified }
        }
        return .array([.true, .object(header), .object(payload)])
    }

    private static func unwrap<T>(_ name: String, _ r: Result<T, CompactJWT.Failure>) throws(BuiltinError) -> T {
        switch r {
        case .success(let v): return v
        case .failure(let e): throw .failure(name, e.message)
        }
    }

    /// iss and aud against the constraints.
    private static func claimsHold(_ payload: RegoObject, _ c: Constraints) -> Bool {
        if !c.iss.isEmpty {
            guard case .string(let iss)? = payload["iss"], iss == c.iss else { return false }
        }
        switch payload["aud"] {
        case nil: return c.aud.isEmpty
        case .string(let aud)?: return aud == c.aud
        case .array(let auds)?: return auds.contains(.string(c.aud))
        default: return false
        }
    }

    private static func parse(_ ops: Operands, now: Int64) throws(BuiltinError) -> Constraints {
        let object = try ops.object(2)
        var c = Constraints()
        for (key, value) in object.sorted(by: { Value.compare($0.key, $1.key) < 0 }) {
            let text: String
            if case .string(let s) = key { text = s } else { text = JSONWriter.write(key) }
            switch text {
            case "cert":
                guard case .string = value else { throw .failure(ops.name, "cert constraint: must be a string") }
                throw .failure(ops.name, "cert constraint: not supported: " + JWTSigning.publicKeyReason)
            case "secret": c.secret = try string(ops.name, "secret", value)
            case "alg": c.alg = try string(ops.name, "alg", value)
            case "iss": c.iss = try string(ops.name, "iss", value)
            case "aud": c.aud = try string(ops.name, "aud", value)
            case "time": c.time = try time(ops.name, value)
            default: throw .failure(ops.name, "unknown token validation constraint: \(text)")
            }
        }
        if c.time == nil { c.time = try time(ops.name, .number(.int(now))) }
        guard !c.secret.isEmpty else { throw .failure(ops.name, "no key constraint") }
        return c
    }

    private static func string(_ name: String, _ constraint: String, _ v: Value) throws(BuiltinError) -> String {
        guard case .string(let s) = v else { throw .failure(name, "\(constraint) constraint: must be a string") }
        return s
    }

    private static func time(_ name: String, _ v: Value) throws(BuiltinError) -> Double {
        guard case .number(let n) = v else { throw .failure(name, "token time constraint: must be a number") }
        let d = n.doubleValue
        guard d.isFinite else { throw .failure(name, "token time constraint: unvalid float64") }
        guard d >= 0 else { throw .failure(name, "token time constraint: must not be negative") }
        return d
    }

    private struct HeaderFields {
        var alg = "", kid = "", typ = "", cty = ""
        var crit: Set<String> = []
        var unknown: [String] = []
        /// RFC 7515 §4.1.1: alg present; §4.1.11: no critical parameter left unread.
        var isValid: Bool { !alg.isEmpty && !unknown.contains { crit.contains($0) } }
    }

    private static func headerFields(_ name: String, _ header: RegoObject) throws(BuiltinError) -> HeaderFields {
        var f = HeaderFields()
        for (key, value) in header.sorted(by: { Value.compare($0.key, $1.key) < 0 }) {
            guard case .string(let k) = key else { continue }
            func text() throws(BuiltinError) -> String {
                guard case .string(let s) = value else { throw .failure(name, "\(k): must be a string") }
                return s
            }
            switch k {
            case "alg": f.alg = try text()
            case "kid": f.kid = try text()
            case "typ": f.typ = try text()
            case "cty": f.cty = try text()
            case "crit":
                guard case .array(let items) = value else { throw .failure(name, "crit: must be a list") }
                for case .string(let s) in items { f.crit.insert(s) }
                if f.crit.isEmpty { throw .failure(name, "crit: must be a nonempty list") }
            default: f.unknown.append(k)
            }
        }
        return f
    }
}
