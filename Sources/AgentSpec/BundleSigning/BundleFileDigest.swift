// BundleFileDigest: the hash a signature records for one bundle file (OPA's
// bundle/hash.go). Structured files — named data.json, data.yaml or .manifest (not
// data.yml: OPA's list leaves it out) — are parsed and their canonical JSON is hashed,
// so layout does not matter; every other file's bytes are hashed as they are. The
// algorithm is named as OPA names it ("SHA-256", its default).
// Invariant: signing and verifying compute a file's digest with this one function.
import PolicyVM

enum BundleFileDigest {
    /// What `opa build` and `opa sign` record.
    static let defaultAlgorithm = "SHA-256"

    /// OPA's other names, which agentspec has no digest for.
    private static let unsupported: Set<String> = ["SHA-224", "SHA-512-224", "SHA-512-256"]

    /// Whether OPA parses the file before hashing it.
    static func isStructured(_ path: [String]) -> Bool {
        ["data.json", "data.yaml", ".manifest"].contains(path.last ?? "")
    }

    /// The lowercase hex digest of the member `path` holding `bytes` under `algorithm`;
    /// `file` names it in errors.
    static func digest(_ bytes: [UInt8], path: [String], algorithm: String, file: String) throws(PolicyLoadError) -> String {
        var input = bytes
        if isStructured(path) {
            let value = try DataFileReader.parse(bytes, path: file, as: path.last == "data.yaml" ? .yaml : .json)
            input = CanonicalJSON.bytes(value)
        }
        switch algorithm {
        case "SHA-256": return SHA256.hash(input).hexString
        case "SHA-384": return SHA384.hash(input).hexString
        case "SHA-512": return SHA512.hash(input).hexString
        case "SHA-1": return SHA1.hash(input).hexString
        case "MD5": return MD5.hash(input).hexString
        case "": throw PolicyLoadError(file, "no hashing algorithm provided for the file in the bundle signature")
        case let name where unsupported.contains(name):
            throw PolicyLoadError(file, "hashing algorithm \(name) is not supported yet (use SHA-256, SHA-384, SHA-512, SHA-1 or MD5)")
        default:
            throw PolicyLoadError(file, "unsupported hashing algorithm: \(algorithm)")
        }
    }
}
