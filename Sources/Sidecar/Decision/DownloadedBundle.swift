// DownloadedBundle: an OPA bundle fetched from BUNDLE_URL, read and checked but not yet
// compiled — its name, the revision its `.manifest` gives, the ETag the server sent with
// it, its bytes, and its modules and data. The policy compiled with it keeps it, so a
// manifest reload compiles the new manifest with the bundle in force, and whatever
// records a decision can name the revision that made it.
// Invariant: read by the one bounded bundle reader (PolicyFileLoader), as POLICY_DIR is,
// and its signature checked there before anything in it is read as policy.
import AgentSpec

/// A bundle from the bundle server, ready to compile.
struct DownloadedBundle: Sendable {
    /// The name status reports and decision logs give it (BundleSettings.name).
    let name: String
    /// Its `.manifest` revision ("" when it has none, as OPA reports it).
    let revision: String
    /// The server's ETag for these bytes: sent back as If-None-Match while it is in force.
    let etag: String?
    /// The archive as downloaded: a copy served again is recognised without compiling it.
    let archive: [UInt8]
    let contents: LoadedPolicy

    /// Reads `archive` (bounded by `limits`) after checking its signature as `signatures`
    /// says; a problem names the member and why.
    static func read(_ archive: [UInt8], name: String, etag: String?, limits: BundleLimits = .standard,
                     signatures: BundleSignaturePolicy = .verified(nil)) throws(AgentPolicyError) -> DownloadedBundle {
        let contents: LoadedPolicy
        do { contents = try PolicyFileLoader.load(bundleArchive: archive, name: name, limits: limits, signatures: signatures) } catch {
            throw AgentPolicyError(message: "\(error)")
        }
        return DownloadedBundle(name: name, revision: contents.bundles.first?.manifest.revision ?? "", etag: etag,
                                archive: archive, contents: contents)
    }
}
