// BundleSigningAlgorithm: the JWS algorithms a bundle signature may use, by OPA's names
// (`--signing-alg`, `signing.algorithm`). HS256/384/512 (HMAC with a shared secret)
// sign and verify; RS256/384/512 (RSA PKCS#1 v1.5, a PEM public key) verify only:
// signing would need constant-time private-key arithmetic this project does not have.
// The rest of OPA's list (PS*, ES*) is known by name and refused with that reason.
// Invariant: a name is accepted only when it can really be checked.

/// A signature algorithm of bundle signing.
public enum BundleSigningAlgorithm: String, Sendable, CaseIterable {
    case hs256 = "HS256", hs384 = "HS384", hs512 = "HS512"
    case rs256 = "RS256", rs384 = "RS384", rs512 = "RS512"

    /// OPA's default for `--signing-alg` and `signing.algorithm`.
    public static let opaDefault = BundleSigningAlgorithm.rs256

    /// Algorithms OPA accepts that agentspec does not implement.
    static let unsupported: Set<String> = ["PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]

    /// The algorithm named `name`, or why it cannot be used.
    public static func named(_ name: String) -> Result<BundleSigningAlgorithm, BundleKeyError> {
        if let algorithm = BundleSigningAlgorithm(rawValue: name) { return .success(algorithm) }
        let supported = allCases.map(\.rawValue).joined(separator: ", ")
        if unsupported.contains(name) {
            return .failure(BundleKeyError("\(name) is not supported yet (RSA-PSS and ECDSA need public-key code agentspec "
                                           + "does not have); use one of \(supported)"))
        }
        return .failure(BundleKeyError("unknown signing algorithm \"\(name)\"; use one of \(supported)"))
    }

    /// HMAC with a shared secret (the key is the secret's bytes).
    public var isHMAC: Bool { self == .hs256 || self == .hs384 || self == .hs512 }
}

/// A signing or verification key that cannot be used, or an algorithm that cannot.
/// The message never quotes the key.
public struct BundleKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
