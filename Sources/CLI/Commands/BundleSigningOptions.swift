// BundleSigningOptions: `opa`'s bundle signing flags, shared by the commands that take
// them. Verification (`policy eval -b`, `policy test -b`): --verification-key,
// --verification-key-id, --signing-alg, --scope, --exclude-files-verify; with a key every
// bundle must be signed by it, without one signatures are not checked (as `opa eval`).
// Signing (`policy build`): --signing-key, --signing-alg, --claims-file. A key argument
// naming an existing file is that file's content, else the text itself — OPA's rule.
// Invariant: no message quotes a key.
import AgentSpec
import Foundation
import PolicyVM

enum BundleSigningOptions {
    static let verification: [String: String] = [
        "--verification-key": "verification-key", "--verification-key-id": "verification-key-id",
        "--signing-alg": "signing-alg", "--scope": "scope", "--exclude-files-verify": "exclude-files-verify",
    ]
    static let signing: [String: String] = [
        "--signing-key": "signing-key", "--signing-alg": "signing-alg", "--claims-file": "claims-file",
    ]

    static let verificationHelp = """
      --verification-key KEY  check every bundle's .signatures.json (as opa run -b):
                          an HMAC secret or a PEM RSA public key, or a file holding it
      --verification-key-id ID  the key's id (default "default")
      --signing-alg ALG   HS256, HS384, HS512, RS256 (default, as OPA), RS384, RS512
      --scope SCOPE       the scope the signature must carry
      --exclude-files-verify PATTERN  a bundle file that need not be signed (repeatable)
    """

    /// How `parsed`'s bundles are checked, or a usage message.
    static func policy(_ parsed: ArgumentList) -> Result<BundleSignaturePolicy, UsageMessage> {
        guard let raw = parsed.value("verification-key") else {
            for name in ["verification-key-id", "signing-alg", "scope", "exclude-files-verify"] where parsed.value(name) != nil {
                return .failure(UsageMessage("--\(name) has no effect without --verification-key"))
            }
            return .success(.ignored)
        }
        let algorithm: BundleSigningAlgorithm
        switch BundleSigningAlgorithm.named(parsed.value("signing-alg") ?? BundleSigningAlgorithm.opaDefault.rawValue) {
        case .success(let a): algorithm = a
        case .failure(let e): return .failure(UsageMessage("--signing-alg: \(e.message)"))
        }
        do {
            let config = try BundleVerificationConfig(key: keyText(raw), keyID: parsed.value("verification-key-id") ?? BundleVerificationConfig.defaultKeyID,
                                                      algorithm: algorithm, scope: parsed.value("scope") ?? "",
                                                      excludedFiles: parsed.values("exclude-files-verify"))
            return .success(.verified(config))
        } catch {
            return .failure(UsageMessage("--verification-key: \(error.message)" + defaultHint(parsed, algorithm)))
        }
    }

    /// How `policy build` signs, nil without --signing-key, or a usage message.
    static func signingConfig(_ parsed: ArgumentList) -> Result<BundleSigningConfig?, UsageMessage> {
        guard let raw = parsed.value("signing-key") else {
            for name in ["signing-alg", "claims-file"] where parsed.value(name) != nil {
                return .failure(UsageMessage("--\(name) has no effect without --signing-key"))
            }
            return .success(nil)
        }
        let algorithm: BundleSigningAlgorithm
        switch BundleSigningAlgorithm.named(parsed.value("signing-alg") ?? BundleSigningAlgorithm.opaDefault.rawValue) {
        case .success(let a): algorithm = a
        case .failure(let e): return .failure(UsageMessage("--signing-alg: \(e.message)"))
        }
        var claims: Value?
        if let file = parsed.value("claims-file") {
            guard let bytes = FileManager.default.contents(atPath: file) else { return .failure(UsageMessage("--claims-file: cannot read \(file)")) }
            do { claims = try JSONReader.parse(bytes: Array(bytes)) } catch {
                return .failure(UsageMessage("--claims-file: \(file) is not JSON: \(error.message)"))
            }
        }
        do {
            return .success(try BundleSigningConfig(key: keyText(raw), algorithm: algorithm, claims: claims))
        } catch {
            return .failure(UsageMessage("--signing-key: \(error.message)" + defaultHint(parsed, algorithm)))
        }
    }

    /// OPA's reading of a key argument: the content of the file it names, else itself.
    static func keyText(_ raw: String) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: raw, isDirectory: &isFolder), !isFolder.boolValue,
              let bytes = FileManager.default.contents(atPath: raw) else { return raw }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func defaultHint(_ parsed: ArgumentList, _ algorithm: BundleSigningAlgorithm) -> String {
        parsed.value("signing-alg") == nil && !algorithm.isHMAC
            ? " (--signing-alg defaults to \(algorithm.rawValue), as in OPA; give --signing-alg HS256 for an HMAC secret)" : ""
    }

    /// A usage error's text.
    struct UsageMessage: Error {
        let text: String
        init(_ text: String) { self.text = text }
    }
}
