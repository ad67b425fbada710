// BundleSigner: the `.signatures.json` `opa build --signing-key` writes for a bundle —
// one JWT whose payload lists every file (path without the leading slash, SHA-256 of its
// content as BundleFileDigest computes it) and either the `keyid` claim or, with a
// claims file, its claims instead; the file itself as Go's json.MarshalIndent with a
// one-space indent writes it. Only HMAC algorithms sign: an RSA signature needs the
// private key's arithmetic done in constant time, which this project does not have.
// Invariant: BundleSignatureCheck accepts what this signs, under the same key and scope.
import PolicyVM

/// How `policy build` signs a bundle.
public struct BundleSigningConfig: Sendable, CustomStringConvertible {
    public let algorithm: BundleSigningAlgorithm
    /// The `kid` header, and the `keyid` claim when there are no claims.
    public let keyID: String
    /// Extra claims (`scope`, `iss`, `iat`, …), from a claims file; they replace `keyid`.
    public let claims: [(key: String, value: Value)]?
    let secret: [UInt8]

    public init(key: String, algorithm: BundleSigningAlgorithm, keyID: String = BundleVerificationConfig.defaultKeyID,
                claims: Value? = nil) throws(BundleKeyError) {
        guard algorithm.isHMAC else {
            throw BundleKeyError("signing with \(algorithm.rawValue) is not supported (it needs constant-time RSA private-key "
                                 + "arithmetic); sign with HS256, HS384 or HS512, or sign with opa build — agentspec verifies RS256")
        }
        guard !key.isEmpty else { throw BundleKeyError("the signing key is empty") }
        self.algorithm = algorithm
        self.keyID = keyID
        self.secret = Array(key.utf8)
        switch claims {
        case nil: self.claims = nil
        case .object(let o)?:
            var pairs: [(key: String, value: Value)] = []
            for (k, v) in o {
                guard case .string(let name) = k else { throw BundleKeyError("claim names must be strings") }
                guard name != "files" else { throw BundleKeyError("the claims must not set \"files\": it is the list of signed files") }
                pairs.append((name, v))
            }
            self.claims = pairs
        case let other?:
            throw BundleKeyError("the claims must be a JSON object, got \(JSONWriter.write(other))")
        }
    }

    public var description: String { "\(algorithm.rawValue) key \"\(keyID)\"" }
}

enum BundleSigner {
    /// The `.signatures.json` member signing `members` (in their order).
    static func signatures(for members: [BundleMember], config: BundleSigningConfig, source: String) throws(PolicyLoadError) -> BundleMember {
        var files: [[UInt8]] = []
        for m in members {
            let digest = try BundleFileDigest.digest(m.bytes, path: m.path, algorithm: BundleFileDigest.defaultAlgorithm,
                                                     file: "\(source)#\(m.pathText)")
            // FileInfo's fields in Go's declaration order: name, hash, algorithm.
            var entry = Array("{\"name\":".utf8)
            JSONWriter.appendString(m.pathText, to: &entry)
            entry += Array(",\"hash\":".utf8)
            JSONWriter.appendString(digest, to: &entry)
            entry += Array(",\"algorithm\":".utf8)
            JSONWriter.appendString(BundleFileDigest.defaultAlgorithm, to: &entry)
            entry.append(UInt8(ascii: "}"))
            files.append(entry)
        }
        // The payload is a Go map: json.Marshal writes its keys in byte order.
        var fields: [(key: String, json: [UInt8])] = [("files", Array("[".utf8) + Array(files.joined(separator: [UInt8(ascii: ",")])) + Array("]".utf8))]
        if let claims = config.claims {
            for (k, v) in claims { fields.append((k, Array(JSONWriter.write(v).utf8))) }
        } else if !config.keyID.isEmpty {
            var id: [UInt8] = []
            JSONWriter.appendString(config.keyID, to: &id)
            fields.append(("keyid", id))
        }
        fields.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        var payload = Array("{".utf8)
        for (i, field) in fields.enumerated() {
            if i > 0 { payload.append(UInt8(ascii: ",")) }
            JSONWriter.appendString(field.key, to: &payload)
            payload.append(UInt8(ascii: ":"))
            payload += field.json
        }
        payload.append(UInt8(ascii: "}"))
        guard let token = BundleSignatureToken.sign(payload: payload, algorithm: config.algorithm, secret: config.secret, keyID: config.keyID) else {
            throw PolicyLoadError(source, "cannot sign with \(config.algorithm.rawValue)")
        }
        var text = Array("{\n \"signatures\": [\n  ".utf8)
        JSONWriter.appendString(token, to: &text)
        text += Array("\n ]\n}".utf8)
        return BundleMember(path: [BundleSignatureCheck.fileName], bytes: text)
    }
}
