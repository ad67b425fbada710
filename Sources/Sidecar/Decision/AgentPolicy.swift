// AgentPolicy: what the sidecar knows of the agent at one moment — its manifest, the
// policy generated from it (plus POLICY_DIR, or the bundle from BUNDLE_URL) compiled into
// the VM, and the profile the decision input is built from. Loaded as a whole and
// swapped as a whole, so a request never sees half of a reload.
import AgentSpec
import PolicyVM

/// Why a manifest or policy could not be loaded (one line with file:line:col).
struct AgentPolicyError: Error, Sendable, CustomStringConvertible {
    let message: String
    /// The compiler's errors when the policy did not compile (the status document lists them).
    var errors: [PolicyError] = []
    var description: String { message }
}

/// A loaded manifest and its compiled policy. A class: every request reads the policy
/// in force, and handing out a reference costs one retain where a copy of the manifest
/// would cost dozens.
final class AgentPolicy: Sendable {
    let manifestPath: String
    let manifest: Manifest
    let generated: GeneratedPolicy
    let embedded: EmbeddedPolicy
    let profile: AgentProfile
    /// The files that make up this policy (for change detection).
    let sourceFiles: [String]
    /// The query parameters kept as [REDACTED] (`observability.logging.redactFields` and
    /// the default set): a reload that changes the manifest's list takes effect with it.
    let queryRedaction: QueryRedaction
    /// The bundle from BUNDLE_URL compiled in (nil: none yet, or no BUNDLE_URL): a
    /// manifest reload compiles with it again, and a decision names its revision.
    let bundle: DownloadedBundle?

    init(manifestPath: String, manifest: Manifest, generated: GeneratedPolicy, embedded: EmbeddedPolicy,
         profile: AgentProfile, sourceFiles: [String], bundle: DownloadedBundle? = nil) {
        self.bundle = bundle
        self.queryRedaction = QueryRedaction(redactFields: manifest.spec.observability?.logging?.redactFields ?? [])
        self.manifestPath = manifestPath
        self.manifest = manifest
        self.generated = generated
        self.embedded = embedded
        self.profile = profile
        self.sourceFiles = sourceFiles
    }

    /// Loads and validates the manifest, generates its policy and compiles it with the
    /// bundle at `policyDir` (a folder or a `.tar.gz`, read by PolicyFileLoader) or with
    /// the `bundle` downloaded from BUNDLE_URL.
    static func load(manifestPath: String, policyDir: String?, bundle: DownloadedBundle? = nil) throws(AgentPolicyError) -> AgentPolicy {
        try compile(try readManifest(manifestPath), manifestPath: manifestPath, policyDir: policyDir, bundle: bundle)
    }

    /// The manifest at `path`, valid, or the first problem (and how many more there are).
    static func readManifest(_ path: String) throws(AgentPolicyError) -> Manifest {
        let loaded = ManifestLoader.load(path: path)
        guard let manifest = loaded.manifest, loaded.diagnostics.isEmpty else {
            let first = loaded.diagnostics.first.map { "\($0)" } ?? "\(path): not a valid manifest"
            let more = loaded.diagnostics.count > 1 ? " (and \(loaded.diagnostics.count - 1) more; run agentspec validate)" : ""
            throw AgentPolicyError(message: "invalid manifest: \(first)\(more)")
        }
        return manifest
    }

    /// The policy generated from `manifest`, compiled with POLICY_DIR's files or the
    /// downloaded bundle. A new bundle is compiled with the manifest in force (a broken
    /// manifest file on disk is the reload's problem, not the bundle's).
    static func compile(_ manifest: Manifest, manifestPath: String, policyDir: String?,
                        bundle: DownloadedBundle?) throws(AgentPolicyError) -> AgentPolicy {
        let generated = PolicyGenerator.generate(manifest)
        var sources: [(name: String, text: String)] = [("\(manifestPath)#policy.rego", generated.rego)]
        var data = generated.data
        var files = [manifestPath]
        if let dir = policyDir {
            do {
                let loaded = try PolicyFileLoader.load([dir], as: .bundles)
                sources += loaded.modules
                files += loaded.files
                data = PolicyBundle.merge(data, loaded.data, at: [])
            } catch {
                throw AgentPolicyError(message: "POLICY_DIR: \(error)")
            }
        }
        if let bundle {
            sources += bundle.contents.modules
            data = PolicyBundle.merge(data, bundle.contents.data, at: [])
        }
        let embedded: EmbeddedPolicy
        do {
            embedded = try EmbeddedPolicy.compile(sources, data: data, packageName: generated.packageName)
        } catch {
            throw AgentPolicyError(message: "policy does not compile: \(error.errors.first.map { "\($0)" } ?? "unknown error")",
                                   errors: error.errors)
        }
        let profile = AgentProfile(
            agentName: manifest.metadata.name,
            modelId: "\(manifest.spec.model.provider)/\(manifest.spec.model.id)",
            guardrailsDeclared: (manifest.spec.guardrails?.input ?? []).map(\.type),
            toolsRegistered: manifest.spec.tools.map(\.name))
        return AgentPolicy(manifestPath: manifestPath, manifest: manifest, generated: generated, embedded: embedded,
                           profile: profile, sourceFiles: files, bundle: bundle)
    }
}
