// TestBundles: OPA bundles for GymCoach made in memory by the bundle writer itself
// (a `.manifest` with revision and roots, a module in the agent's package), a bundle
// whose module does not compile, and bytes that are not a bundle at all.
import Foundation
@testable import AgentSpec

enum TestBundles {
    static let manifest = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples/gymcoach/agent.yaml").path
    static let package = "agentspec.agent.gymcoach"
    static let root = "agentspec/agent/gymcoach"

    /// A bundle at `revision` whose rule adds the violation `violation` to every decision.
    static func archive(revision: String, violation: String) -> [UInt8] {
        bundle(revision: revision, module: "package \(package)\n\ndeny contains \"\(violation)\" if input.agent_name == \"gymcoach\"\n")
    }

    /// A bundle at `revision` whose module calls a function that does not exist (line 3).
    static func notCompiling(revision: String) -> [UInt8] {
        bundle(revision: revision, module: "package \(package)\n\ndeny contains x if x := no_such_function(1)\n")
    }

    /// Bytes that are not gzip.
    static let corrupt = Array("this is not a bundle".utf8)

    static func bundle(revision: String, module: String) -> [UInt8] {
        BundleArchive.encode(members(revision: revision, module: module))
    }

    static func members(revision: String, module: String) -> [BundleMember] {
        [
            BundleMember(path: ["extra", "rules.rego"], bytes: Array(module.utf8)),
            BundleMember(path: [".manifest"], bytes: BundleManifest(revision: revision, roots: [root]).encoded()),
        ]
    }

    /// `archive(revision:violation:)` with a `.signatures.json` signing it with the
    /// HMAC `secret`; `tamper` changes its rule after signing.
    static func signed(revision: String, violation: String, secret: String, tamper: Bool = false) throws -> [UInt8] {
        let module = "package \(package)\n\ndeny contains \"\(violation)\" if input.agent_name == \"gymcoach\"\n"
        let members = members(revision: revision, module: module)
        let signatures = try BundleSigner.signatures(for: members, config: try BundleSigningConfig(key: secret, algorithm: .hs256),
                                                     source: "test")
        let shipped = tamper ? self.members(revision: revision, module: module + "deny contains \"tampered\"\n") : members
        return BundleArchive.encode(shipped + [signatures])
    }
}
