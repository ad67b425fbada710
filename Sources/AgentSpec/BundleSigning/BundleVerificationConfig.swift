// BundleVerificationConfig: what a bundle signature is checked against — OPA's
// `--verification-key`, `--verification-key-id`, `--signing-alg`, `--scope` and
// `--exclude-files-verify` (or a bundle's `signing` configuration). The key is held
// ready to use (an HMAC secret's bytes, or an RSA public key read from its PEM) so a
// malformed key is refused when the configuration is made, not at the first bundle.
// Invariant: `description` never shows the key.
import PolicyVM

/// How bundle signatures are checked.
public struct BundleVerificationConfig: Sendable, Equatable, CustomStringConvertible {
    /// OPA's default key id (`--verification-key-id`).
    public static let defaultKeyID = "default"

    public let algorithm: BundleSigningAlgorithm
    /// Names the key. OPA looks a configured key id up among its keys; with one key it
    /// only has to be non-empty, and the token's own `keyid` is then not consulted.
    public let keyID: String
    /// Must equal the token's `scope` claim ("" matches a token without one).
    public let scope: String
    /// Path patterns (Go's filepath.Match, `*` within one segment) of bundle files that
    /// need not be signed.
    public let excludedFiles: [String]
    let key: VerificationKey

    enum VerificationKey: Sendable, Equatable {
        case secret([UInt8])
        case rsa(RSAPublicKey)
    }

    public init(key: String, keyID: String = defaultKeyID, algorithm: BundleSigningAlgorithm,
                scope: String = "", excludedFiles: [String] = []) throws(BundleKeyError) {
        guard !key.isEmpty else { throw BundleKeyError("the verification key is empty") }
        guard !keyID.isEmpty else { throw BundleKeyError("the verification key id is empty") }
        for pattern in excludedFiles { _ = try Self.segments(of: pattern) }
        self.algorithm = algorithm
        self.keyID = keyID
        self.scope = scope
        self.excludedFiles = excludedFiles
        if algorithm.isHMAC {
            self.key = .secret(Array(key.utf8))
        } else {
            switch RSAPublicKey.parsePEM(key) {
            case .success(let k): self.key = .rsa(k)
            case .failure(let e): throw BundleKeyError("\(algorithm.rawValue) needs a PEM RSA public key: \(e.message)")
            }
        }
    }

    public var description: String {
        "\(algorithm.rawValue) key \"\(keyID)\"" + (scope.isEmpty ? "" : " scope \"\(scope)\"")
    }

    /// Whether the bundle file at `path` (no leading slash) is excluded from verification.
    func isExcluded(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        return excludedFiles.contains { pattern in
            guard let segments = try? Self.segments(of: pattern), segments.count == parts.count else { return false }
            return zip(segments, parts).allSatisfy { $0.matches($1) }
        }
    }

    /// A pattern as one FileNamePattern per path segment: Go's filepath.Match never lets
    /// `*` or `?` match the separator, so segments match one to one.
    private static func segments(of pattern: String) throws(BundleKeyError) -> [FileNamePattern] {
        var out: [FileNamePattern] = []
        for segment in pattern.split(separator: "/", omittingEmptySubsequences: false) {
            do { out.append(try FileNamePattern(String(segment))) } catch {
                throw BundleKeyError("excluded file pattern: \(error.message)")
            }
        }
        return out
    }
}
