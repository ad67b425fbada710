// BundleSignatureToken against OPA's own test tokens: the HS256 token verifies with
// "secret" and not another secret; the RS256 token verifies with OPA's 4096-bit public
// key and not with another key; a malformed PEM is refused; the payload's files and
// scope are read. A token we sign verifies, and its header is OPA's {"alg","kid"}.
import PolicyVM
import Testing
@testable import AgentSpec

@Suite struct BundleSignatureTokenTests {
    static func token(_ text: String) throws -> BundleSignatureToken {
        switch BundleSignatureToken.parse(text) {
        case .success(let t): return t
        case .failure(let e): throw e
        }
    }

    @Test func opasHS256TokenVerifiesOnlyWithItsSecret() throws {
        let t = try Self.token(OPASigningFacts.tokenHS256)
        #expect(t.scope == "write")
        #expect(t.files.map(\.name) == ["db/uam2/entitlements/data.json", "db/uam2/policy/opa-policy.rego"])
        #expect(t.isSigned(by: try BundleVerificationConfig(key: "secret", algorithm: .hs256, scope: "write")))
        #expect(!t.isSigned(by: try BundleVerificationConfig(key: "bad_secret", algorithm: .hs256)))
        // The configured algorithm decides, not the token's header.
        #expect(!t.isSigned(by: try BundleVerificationConfig(key: "secret", algorithm: .hs512)))
    }

    @Test func opasRS256TokenVerifiesOnlyWithItsPublicKey() throws {
        let t = try Self.token(OPASigningFacts.tokenRS256)
        #expect(t.isSigned(by: try BundleVerificationConfig(key: OPASigningFacts.publicKey4096, algorithm: .rs256)))
        #expect(!t.isSigned(by: try BundleVerificationConfig(key: OPASigningFacts.otherPublicKey1024, algorithm: .rs256)))
        #expect(!t.isSigned(by: try BundleVerificationConfig(key: OPASigningFacts.publicKey4096, algorithm: .rs512)))
        // One flipped byte of the signature.
        var tampered = Array(OPASigningFacts.tokenRS256)
        tampered[tampered.count - 5] = tampered[tampered.count - 5] == "A" ? "B" : "A"
        #expect(!(try Self.token(String(tampered))).isSigned(by: try BundleVerificationConfig(key: OPASigningFacts.publicKey4096, algorithm: .rs256)))
    }

    @Test func badKeysAreRefusedWhenConfigured() {
        #expect(throws: BundleKeyError.self) { try BundleVerificationConfig(key: OPASigningFacts.malformedPublicKey, algorithm: .rs256) }
        #expect(throws: BundleKeyError.self) { try BundleVerificationConfig(key: "secret", algorithm: .rs256) }
        #expect(throws: BundleKeyError.self) { try BundleVerificationConfig(key: "", algorithm: .hs256) }
        #expect(throws: BundleKeyError.self) { try BundleVerificationConfig(key: "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----", algorithm: .rs256) }
        #expect(BundleSigningAlgorithm.named("ES256").failureMessage?.contains("not supported yet") == true)
        #expect(BundleSigningAlgorithm.named("RS007").failureMessage?.contains("unknown signing algorithm") == true)
    }

    @Test func aTokenWeSignVerifiesAndHasOPAsHeader() throws {
        let payload = Array(#"{"files":[],"keyid":"default"}"#.utf8)
        let text = try #require(BundleSignatureToken.sign(payload: payload, algorithm: .hs384, secret: Array("k".utf8), keyID: "default"))
        let header = try #require(text.split(separator: ".").first)
        guard case .success(let bytes) = Base64.url.decodeUnpadded(String(header)) else { Issue.record("header"); return }
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"alg":"HS384","kid":"default"}"#)
        #expect(try Self.token(text).isSigned(by: try BundleVerificationConfig(key: "k", algorithm: .hs384)))
    }

    @Test func malformedTokensAreRefusedWithAReason() throws {
        for bad in ["a.b", "a.b.c.d", "eyJhbGciOiJIUzI1NiJ9.!!!.c", "eyJhbGciOiJIUzI1NiJ9.bnVsbA.c"] {
            guard case .failure(let e) = BundleSignatureToken.parse(bad) else { Issue.record("\(bad) was read"); continue }
            #expect(e.reason.hasPrefix("the JWT"), "\(e.reason)")
        }
    }
}

extension Result where Failure == BundleKeyError {
    var failureMessage: String? { if case .failure(let e) = self { e.message } else { nil } }
}
