// BUNDLE_VERIFICATION_KEY and its companions: a key read from the variable or from
// BUNDLE_VERIFICATION_KEY_FILE, OPA's defaults (key id "default", algorithm RS256), and
// a clear error naming the variable for every bad combination — never showing the key.
import Foundation
import Testing
@testable import AgentSpec
@testable import Sidecar

@Suite struct BundleVerificationSettingsTests {
    static let secret = "hmac-s3cret-value"
    static let bundle = ["BUNDLE_URL": "http://bundles.test/b.tar.gz"]

    static func load(_ extra: [String: String]) throws -> BundleSettings? {
        try SidecarConfiguration.load(environment: bundle.merging(extra) { $1 }).bundle
    }

    @Test func aKeyWithItsSettings() throws {
        let b = try #require(try Self.load(["BUNDLE_VERIFICATION_KEY": Self.secret, "BUNDLE_SIGNING_ALG": "HS512",
                                            "BUNDLE_VERIFICATION_KEY_ID": "fleet", "BUNDLE_SCOPE": "write"]))
        let v = try #require(b.verification)
        #expect(v.algorithm == .hs512 && v.keyID == "fleet" && v.scope == "write")
        #expect(!"\(v)".contains(Self.secret) && !"\(b)".contains(Self.secret))
        #expect(try Self.load([:])?.verification == nil)
    }

    @Test func theKeyCanComeFromAFileReadWhole() throws {
        let path = NSTemporaryDirectory() + "agentspec-key-\(UUID().uuidString)"
        try Data(Self.secret.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let v = try #require(try Self.load(["BUNDLE_VERIFICATION_KEY_FILE": path, "BUNDLE_SIGNING_ALG": "HS256"])?.verification)
        #expect(v == (try BundleVerificationConfig(key: Self.secret, algorithm: .hs256)))
        #expect(v.keyID == "default")
    }

    @Test(arguments: [
        (["BUNDLE_VERIFICATION_KEY": secret], false,
         #"Invalid BUNDLE_VERIFICATION_KEY: "[REDACTED]" — has no effect without BUNDLE_URL"#),
        (["BUNDLE_SCOPE": "write"], true,
         #"Invalid BUNDLE_SCOPE: "write" — has no effect without BUNDLE_VERIFICATION_KEY or BUNDLE_VERIFICATION_KEY_FILE"#),
        (["BUNDLE_SIGNING_ALG": "HS256"], true,
         #"Invalid BUNDLE_SIGNING_ALG: "HS256" — has no effect without BUNDLE_VERIFICATION_KEY or BUNDLE_VERIFICATION_KEY_FILE"#),
        (["BUNDLE_VERIFICATION_KEY": secret, "BUNDLE_VERIFICATION_KEY_FILE": "/k"], true,
         "BUNDLE_VERIFICATION_KEY and BUNDLE_VERIFICATION_KEY_FILE cannot be used together: give the key one way"),
        (["BUNDLE_VERIFICATION_KEY_FILE": "/no/such/key"], true,
         #"Invalid BUNDLE_VERIFICATION_KEY_FILE: "/no/such/key" — cannot be read"#),
        (["BUNDLE_VERIFICATION_KEY": secret, "BUNDLE_SIGNING_ALG": "ES256"], true,
         #"Invalid BUNDLE_SIGNING_ALG: "ES256" — ES256 is not supported yet (RSA-PSS and ECDSA need public-key code agentspec does not have); use one of HS256, HS384, HS512, RS256, RS384, RS512"#),
        (["BUNDLE_VERIFICATION_KEY": secret], true,
         #"Invalid BUNDLE_VERIFICATION_KEY: "[REDACTED]" — RS256 needs a PEM RSA public key: no PEM block (-----BEGIN PUBLIC KEY-----) found (BUNDLE_SIGNING_ALG is unset: RS256 is OPA's default; set HS256, HS384 or HS512 for an HMAC secret)"#),
    ])
    func badSettingsAreNamedWithoutTheKey(_ environment: [String: String], withURL: Bool, message: String) {
        let env = withURL ? Self.bundle.merging(environment) { $1 } : environment
        do {
            _ = try SidecarConfiguration.load(environment: env)
            Issue.record("accepted \(env.keys.sorted())")
        } catch {
            #expect(error.message == message)
            #expect(!error.message.contains(Self.secret))
        }
    }
}
