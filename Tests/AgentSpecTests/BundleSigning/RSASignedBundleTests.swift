// An RS256-signed bundle made outside agentspec (Fixtures/signing/README.md) loads with
// its public key and scope — our RSA verification and our digests agree with an
// independent signer — and is refused with another scope, another key, an HMAC
// algorithm, an HS256 token forged with the public PEM as its secret, or one byte of a
// file changed.
import Foundation
import PolicyVM
import Testing
@testable import AgentSpec

@Suite struct RSASignedBundleTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/signing").path
    static let archive = (try? PolicyFilesFixture.bytes(folder + "/rs256-bundle.tar.gz")) ?? []
    static let publicKey = (try? String(contentsOfFile: folder + "/rs256-public.pem", encoding: .utf8)) ?? ""

    static func refusal(_ archive: [UInt8], _ config: BundleVerificationConfig) -> String {
        do throws(PolicyLoadError) {
            _ = try PolicyFileLoader.load(bundleArchive: archive, name: "rs.tar.gz", signatures: .verified(config))
            return "accepted"
        } catch {
            return error.description
        }
    }

    @Test func loadsWithItsPublicKeyAndScope() throws {
        let config = try BundleVerificationConfig(key: Self.publicKey, algorithm: .rs256, scope: "prod")
        let loaded = try PolicyFileLoader.load(bundleArchive: Self.archive, name: "rs.tar.gz", signatures: .verified(config))
        #expect(JSONWriter.write(loaded.data) == #"{"authz":{"admins":["alice"],"note":"\u003csigned\u003e"}}"#)
        #expect(loaded.bundles.first?.manifest.revision == "rs1")
    }

    @Test func isRefusedOtherwise() throws {
        #expect(Self.refusal(Self.archive, try BundleVerificationConfig(key: Self.publicKey, algorithm: .rs256)).contains("scope mismatch"))
        #expect(Self.refusal(Self.archive, try BundleVerificationConfig(key: OPASigningFacts.publicKey4096, algorithm: .rs256, scope: "prod"))
                .contains("bundle signature verification failed"))
        #expect(Self.refusal(Self.archive, try BundleVerificationConfig(key: Self.publicKey, algorithm: .hs256, scope: "prod"))
                .contains("bundle signature verification failed"), "an HMAC over the public key text is no signature")
        var members = try BundleArchive.members(Self.archive, name: "rs", limits: .standard)
        // Algorithm confusion: an HS256 token whose secret is the (public) PEM text is
        // refused, since the configured RS256 decides how a token is checked.
        let unsigned = members.filter { $0.pathText != ".signatures.json" }
        let forged = try BundleSigner.signatures(for: unsigned, config: try BundleSigningConfig(key: Self.publicKey, algorithm: .hs256,
                                                                                                claims: .object(["scope": "prod"])), source: "x")
        #expect(Self.refusal(BundleArchive.encode(unsigned + [forged]), try BundleVerificationConfig(key: Self.publicKey, algorithm: .rs256, scope: "prod"))
                .contains("bundle signature verification failed"))
        let i = try #require(members.firstIndex { $0.pathText == "authz/policy.rego" })
        members[i].bytes[members[i].bytes.count - 2] ^= 0x01
        #expect(Self.refusal(BundleArchive.encode(members), try BundleVerificationConfig(key: Self.publicKey, algorithm: .rs256, scope: "prod"))
                .contains("authz/policy.rego: digest mismatch"))
    }
}
