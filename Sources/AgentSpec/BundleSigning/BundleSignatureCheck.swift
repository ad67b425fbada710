// BundleSignatureCheck: OPA's verification of a signed bundle, step by step, before any
// file of it is read as policy or data:
//   1. `.signatures.json` at the bundle's root holds {"signatures": [JWT]}; a configured
//      key with no signature, or a signature with no configured key, is refused;
//   2. exactly one JWT, whose signature is right for the configured algorithm and key,
//      and whose `scope` claim equals the configured scope;
//   3. every other file of the bundle (but excluded ones) is listed in the JWT's
//      `files` with the digest of its content;
//   4. every file listed is in the bundle.
// Messages follow OPA's where it has them. Invariant: when this returns, every member
// the bundle reader will read is exactly what the key's holder signed.
import PolicyVM

enum BundleSignatureCheck {
    /// The path of the signatures file inside a bundle.
    static let fileName = ".signatures.json"

    /// Checks `members` of the bundle `source` under `policy`; `memberName` names a
    /// member in errors.
    static func verify(_ members: [BundleMember], source: String, memberName: (String) -> String,
                       policy: BundleSignaturePolicy) throws(PolicyLoadError) {
        guard case .verified(let config) = policy else { return }
        let signaturesFile = members.first { $0.path == [fileName] }
        let tokens = try signaturesFile.map { m throws(PolicyLoadError) in try signatures(m.bytes, file: memberName(m.pathText)) } ?? []
        // Step 1.
        guard let config else {
            guard tokens.isEmpty else {
                throw PolicyLoadError(source, "the bundle is signed but no verification key is configured "
                                      + "(verification key not provided)")
            }
            return
        }
        guard !tokens.isEmpty else {
            throw PolicyLoadError(source, "bundle missing .signatures.json file: a verification key is configured, "
                                  + "so only a signed bundle is accepted")
        }
        // Step 2.
        guard tokens.count == 1 else {
            throw PolicyLoadError(memberName(fileName), "multiple JWTs not supported (expected exactly one)")
        }
        let token: BundleSignatureToken
        switch BundleSignatureToken.parse(tokens[0]) {
        case .success(let t): token = t
        case .failure(let malformed): throw PolicyLoadError(memberName(fileName), malformed.reason)
        }
        guard token.isSigned(by: config) else {
            throw PolicyLoadError(memberName(fileName), "bundle signature verification failed: the JWT is not signed by the "
                                  + "\(config.algorithm.rawValue) verification key \"\(config.keyID)\"")
        }
        guard token.scope == config.scope else {
            throw PolicyLoadError(memberName(fileName), "scope mismatch: the bundle is signed for scope \(quoted(token.scope)), "
                                  + "the verification expects \(quoted(config.scope))")
        }
        // Step 3, in the bundle's order as OPA reads it. A name listed twice: the last wins.
        var remaining: [String: SignedFile] = [:]
        for file in token.files { remaining[file.name] = file }
        for m in members where m.path != [fileName] {
            let name = m.pathText
            if config.isExcluded(name) {
                remaining[name] = nil
                continue
            }
            guard let file = remaining.removeValue(forKey: name) else {
                throw PolicyLoadError(memberName(name), "file \(name) not included in bundle signature")
            }
            let actual = try BundleFileDigest.digest(m.bytes, path: m.path, algorithm: file.algorithm, file: memberName(name))
            guard actual == file.hash.lowercased() else {
                throw PolicyLoadError(memberName(name), "\(name): digest mismatch (want: \(file.hash), got: \(actual))")
            }
        }
        // Step 4.
        let missing = remaining.keys.sorted()
        guard missing.isEmpty else {
            throw PolicyLoadError(source, "file(s) [\(missing.joined(separator: " "))] specified in bundle signatures "
                                  + "but not found in the target bundle")
        }
    }

    /// The JWTs of a `.signatures.json`.
    private static func signatures(_ bytes: [UInt8], file: String) throws(PolicyLoadError) -> [String] {
        let value: Value
        do { value = try JSONReader.parse(bytes: bytes) } catch {
            throw PolicyLoadError(file, "bundle load failed on signatures decode: \(error.message)", line: error.line, column: error.column)
        }
        guard case .object = value else { throw PolicyLoadError(file, "signatures file must be a JSON object {\"signatures\": [JWT]}") }
        switch value.field("plugin") {
        case nil, .null?, .string("")?: break
        case let other?:
            throw PolicyLoadError(file, "signature plugin \(JSONWriter.write(other)) is not supported: only OPA's default signer's tokens are")
        }
        switch value.field("signatures") {
        case nil, .null?: return []
        case .array(let items)?:
            var tokens: [String] = []
            for item in items {
                guard case .string(let s) = item else { throw PolicyLoadError(file, "signatures must be JWT strings, got \(JSONWriter.write(item))") }
                tokens.append(s)
            }
            return tokens
        case let other?:
            throw PolicyLoadError(file, "signatures must be an array of JWTs, got \(JSONWriter.write(other))")
        }
    }

    private static func quoted(_ s: String) -> String { s.isEmpty ? "\"\" (none)" : "\"\(s)\"" }
}
