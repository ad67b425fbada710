// BundleVerificationSettings: how the sidecar checks the signature of the bundle it
// downloads (OPA's bundle `signing` configuration and `opa run --verification-key…`):
//   BUNDLE_VERIFICATION_KEY       the key itself: an HMAC secret, or a PEM RSA public key
//   BUNDLE_VERIFICATION_KEY_FILE  or a file holding it, read whole (a mounted Secret);
//                                 its bytes are the key exactly, as OPA reads a key file
//   BUNDLE_VERIFICATION_KEY_ID    default "default" (OPA's)
//   BUNDLE_SIGNING_ALG            default RS256 (OPA's); HS256/384/512, RS256/384/512
//   BUNDLE_SCOPE                  the `scope` claim the signature must carry
// With a key, only a bundle signed by it is activated; without one, a signed bundle is
// refused (OPA: "verification key not provided") and an unsigned one accepted.
// Invariant: the key is never shown — not in errors (its value appears as [REDACTED]),
// not in descriptions; an error names the variable and why.
import AgentSpec
import Foundation

enum BundleVerificationSettings {
    static let variables = ["BUNDLE_VERIFICATION_KEY", "BUNDLE_VERIFICATION_KEY_FILE", "BUNDLE_VERIFICATION_KEY_ID",
                            "BUNDLE_SIGNING_ALG", "BUNDLE_SCOPE"]

    /// The verification configuration the variables describe; nil without a key.
    static func load(value: (String) -> String?, readFile: (String) -> [UInt8]? = { FileManager.default.contents(atPath: $0).map(Array.init) },
                     fail: (String, String, String) -> ConfigurationError) throws(ConfigurationError) -> BundleVerificationConfig? {
        let direct = value("BUNDLE_VERIFICATION_KEY"), path = value("BUNDLE_VERIFICATION_KEY_FILE")
        let keyVariable: String, key: String
        switch (direct, path) {
        case (nil, nil):
            try FleetVariables.requireNone(["BUNDLE_VERIFICATION_KEY_ID", "BUNDLE_SIGNING_ALG", "BUNDLE_SCOPE"],
                                           without: "BUNDLE_VERIFICATION_KEY or BUNDLE_VERIFICATION_KEY_FILE", value: value, fail: fail)
            return nil
        case (_?, _?):
            throw ConfigurationError(message: "BUNDLE_VERIFICATION_KEY and BUNDLE_VERIFICATION_KEY_FILE cannot be used together: "
                                     + "give the key one way")
        case (let k?, nil):
            keyVariable = "BUNDLE_VERIFICATION_KEY"
            key = k
        case (nil, let p?):
            keyVariable = "BUNDLE_VERIFICATION_KEY_FILE"
            guard let bytes = readFile(p) else { throw fail(keyVariable, p, "cannot be read") }
            guard let text = String(validating: bytes, as: UTF8.self) else { throw fail(keyVariable, p, "does not hold UTF-8 text") }
            key = text
        }
        var algorithm = BundleSigningAlgorithm.opaDefault
        if let name = value("BUNDLE_SIGNING_ALG") {
            switch BundleSigningAlgorithm.named(name) {
            case .success(let a): algorithm = a
            case .failure(let e): throw fail("BUNDLE_SIGNING_ALG", name, e.message)
            }
        }
        let keyID = value("BUNDLE_VERIFICATION_KEY_ID") ?? BundleVerificationConfig.defaultKeyID
        do {
            return try BundleVerificationConfig(key: key, keyID: keyID, algorithm: algorithm, scope: value("BUNDLE_SCOPE") ?? "")
        } catch {
            let shown = keyVariable == "BUNDLE_VERIFICATION_KEY" ? "[REDACTED]" : path ?? ""
            let hint = value("BUNDLE_SIGNING_ALG") == nil && !algorithm.isHMAC
                ? " (BUNDLE_SIGNING_ALG is unset: \(algorithm.rawValue) is OPA's default; set HS256, HS384 or HS512 for an HMAC secret)" : ""
            throw fail(keyVariable, shown, error.message + hint)
        }
    }
}
