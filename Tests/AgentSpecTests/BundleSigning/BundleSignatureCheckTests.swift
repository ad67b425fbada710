// BundleSignatureCheck through the one bundle reader: a bundle signed by BundleBuilder
// or BundleSigner loads under its key (archive and folder alike); each way a bundle can
// fail OPA's verification is refused with its own message — unsigned with a key, signed
// without one, wrong key, wrong scope, a file not signed, a signed file missing, a file
// changed, two JWTs, a signature plugin; reformatting a data file keeps it valid and
// excluded files need no signature. Without checking (`policy eval`), nothing is refused.
import Foundation
import PolicyVM
import Testing
@testable import AgentSpec

@Suite struct BundleSignatureCheckTests {
    static let secret = "bundle-secret"
    static let module = BundleMember(path: ["authz", "policy.rego"], bytes: Array("package authz\n\nallow if input.user in data.authz.admins\n".utf8))
    static let data = BundleMember(path: ["authz", "data.json"], bytes: Array(#"{"admins": ["alice"], "n": 1.50}"#.utf8))
    static let manifest = BundleMember(path: [".manifest"], bytes: BundleManifest(revision: "r1", roots: ["authz"]).encoded())
    static let members = [module, data, manifest]

    static func config(key: String = secret, keyID: String = "default", scope: String = "", excluded: [String] = []) throws -> BundleVerificationConfig {
        try BundleVerificationConfig(key: key, keyID: keyID, algorithm: .hs256, scope: scope, excludedFiles: excluded)
    }

    /// `members` plus the `.signatures.json` signing `signed` (default: all of them).
    static func archive(_ members: [BundleMember] = members, signing signed: [BundleMember]? = nil, key: String = secret,
                        claims: Value? = nil) throws -> [UInt8] {
        let signing = try BundleSigningConfig(key: key, algorithm: .hs256, claims: claims)
        let signatures = try BundleSigner.signatures(for: signed ?? members, config: signing, source: "test")
        return BundleArchive.encode(members + [signatures])
    }

    static func load(_ archive: [UInt8], _ policy: BundleSignaturePolicy) throws(PolicyLoadError) -> LoadedPolicy {
        try PolicyFileLoader.load(bundleArchive: archive, name: "b.tar.gz", signatures: policy)
    }

    /// The reason the bundle is refused under `policy`.
    static func refusal(_ archive: [UInt8], _ policy: BundleSignaturePolicy) -> String {
        do throws(PolicyLoadError) {
            _ = try load(archive, policy)
            return "accepted"
        } catch {
            return error.description
        }
    }

    @Test func aBundleSignedByTheBuilderLoadsUnderItsKey() throws {
        let dir = try PolicyFilesFixture.folder(["authz/policy.rego": "package authz\nallow if input.user in data.authz.admins\n",
                                                 "authz/data.json": #"{"admins": ["alice"]}"#])
        defer { PolicyFilesFixture.remove(dir) }
        let loaded = try PolicyFileLoader.load([dir], as: .dataFiles)
        let built = try BundleBuilder.build(loaded, revision: "v1", signing: try BundleSigningConfig(key: Self.secret, algorithm: .hs256))
        let members = try BundleArchive.members(built.bytes, name: "b", limits: .standard)
        #expect(members.last?.pathText == ".signatures.json")
        let back = try Self.load(built.bytes, .verified(try Self.config()))
        #expect(JSONWriter.write(back.data) == JSONWriter.write(loaded.data))
        #expect(back.modules.count == 1)
        #expect(Self.refusal(built.bytes, .verified(try Self.config(key: "other"))).contains("not signed by"))
    }

    @Test func theSignatureFileIsOPAsLayout() throws {
        let members = try BundleArchive.members(try Self.archive(), name: "b", limits: .standard)
        let text = String(decoding: try #require(members.last).bytes, as: UTF8.self)
        #expect(text.hasPrefix("{\n \"signatures\": [\n  \"eyJ") && text.hasSuffix("\"\n ]\n}"))
        let token = String(text.split(separator: "\"")[3])
        let payload = try #require(token.split(separator: ".").dropFirst().first)
        guard case .success(let bytes) = Base64.url.decodeUnpadded(String(payload)) else { Issue.record("payload"); return }
        let json = String(decoding: bytes, as: UTF8.self)
        // OPA's payload: files in bundle order, each {name, hash, algorithm}; keyid last (map keys sorted).
        #expect(json.hasPrefix(#"{"files":[{"name":"authz/policy.rego","hash":""#), "\(json)")
        #expect(json.hasSuffix(#""algorithm":"SHA-256"}],"keyid":"default"}"#), "\(json)")
    }

    @Test func eachVerificationFailureIsRefusedWithItsReason() throws {
        let signed = try Self.archive()
        let key = BundleSignaturePolicy.verified(try Self.config())
        #expect(Self.refusal(signed, key) == "accepted")
        #expect(Self.refusal(BundleArchive.encode(Self.members), key).contains("bundle missing .signatures.json file"))
        #expect(Self.refusal(signed, .verified(nil)).contains("verification key not provided"))
        #expect(Self.refusal(signed, .verified(try Self.config(key: "wrong"))).contains("b.tar.gz#.signatures.json: bundle signature verification failed"))
        #expect(Self.refusal(signed, .verified(try Self.config(scope: "write"))).contains("scope mismatch"))
        let extra = BundleMember(path: ["authz", "extra.rego"], bytes: Array("package authz\nallow := true\n".utf8))
        #expect(Self.refusal(try Self.archive(Self.members + [extra], signing: Self.members), key)
                == "b.tar.gz#authz/extra.rego: file authz/extra.rego not included in bundle signature")
        #expect(Self.refusal(try Self.archive([Self.module, Self.manifest], signing: Self.members), key)
                == "b.tar.gz: file(s) [authz/data.json] specified in bundle signatures but not found in the target bundle")
        let changed = BundleMember(path: Self.module.path, bytes: Array("package authz\n\nallow := true\n".utf8))
        let digestMismatch = Self.refusal(try Self.archive([changed, Self.data, Self.manifest], signing: Self.members), key)
        #expect(digestMismatch.hasPrefix("b.tar.gz#authz/policy.rego: authz/policy.rego: digest mismatch (want: "), "\(digestMismatch)")
        // An unsigned bundle loads when no key is configured; signatures are not looked at when unchecked.
        #expect(Self.refusal(BundleArchive.encode(Self.members), .verified(nil)) == "accepted")
        #expect(Self.refusal(try Self.archive([changed, Self.data, Self.manifest], signing: Self.members), .ignored) == "accepted")
    }

    @Test func malformedSignatureFilesAreRefused() throws {
        let key = BundleSignaturePolicy.verified(try Self.config())
        func with(_ text: String) -> [UInt8] {
            BundleArchive.encode(Self.members + [BundleMember(path: [".signatures.json"], bytes: Array(text.utf8))])
        }
        let token = OPASigningFacts.tokenHS256
        #expect(Self.refusal(with(#"{"signatures": ["\#(token)", "\#(token)"]}"#), key).contains("multiple JWTs not supported"))
        #expect(Self.refusal(with(#"{"signatures": ["\#(token)"], "plugin": "kms"}"#), key).contains("signature plugin \"kms\" is not supported"))
        #expect(Self.refusal(with(#"{"signatures": "x"}"#), key).contains("signatures must be an array of JWTs"))
        #expect(Self.refusal(with("{"), key).contains("bundle load failed on signatures decode"))
        #expect(Self.refusal(with(#"{"signatures": ["a.b"]}"#), key).contains("3 (header.payload.signature)"))
        #expect(Self.refusal(with(#"{"signatures": []}"#), key).contains("bundle missing .signatures.json file"))
    }

    @Test func reformattedDataStaysSignedAndExcludedFilesNeedNoSignature() throws {
        let reformatted = BundleMember(path: Self.data.path, bytes: Array("{\n  \"n\" : 1.50,\n  \"admins\" : [ \"alice\" ]\n}\n".utf8))
        let key = BundleSignaturePolicy.verified(try Self.config())
        #expect(Self.refusal(try Self.archive([Self.module, reformatted, Self.manifest], signing: Self.members), key) == "accepted")
        let readme = BundleMember(path: ["docs", "README.md"], bytes: Array("notes".utf8))
        let archive = try Self.archive(Self.members + [readme], signing: Self.members)
        #expect(Self.refusal(archive, key).contains("file docs/README.md not included in bundle signature"))
        #expect(Self.refusal(archive, .verified(try Self.config(excluded: ["docs/*.md"]))) == "accepted")
        // `*` stays within one path segment, as Go's filepath.Match.
        #expect(Self.refusal(archive, .verified(try Self.config(excluded: ["*.md"]))) != "accepted")
    }

    @Test func theConfiguredKeyIDDecidesAndScopeClaimsComeFromTheClaims() throws {
        // OPA looks the configured key id up; the token's own keyid is not consulted.
        let signed = try Self.archive()
        #expect(Self.refusal(signed, .verified(try Self.config(keyID: "prod"))) == "accepted")
        let scoped = try Self.archive(claims: .object(["scope": "write", "iss": "ci"]))
        #expect(Self.refusal(scoped, .verified(try Self.config(scope: "write"))) == "accepted")
        #expect(Self.refusal(scoped, .verified(try Self.config())).contains("scope mismatch"))
        #expect(throws: BundleKeyError.self) { try BundleSigningConfig(key: "k", algorithm: .hs256, claims: .object(["files": []])) }
        #expect(throws: BundleKeyError.self) { try BundleSigningConfig(key: "k", algorithm: .rs256) }
    }

    @Test func aSignedFolderBundleIsReadWhole() throws {
        let archive = try Self.archive()
        var files: [String: String] = [:]
        for m in try BundleArchive.members(archive, name: "b", limits: .standard) { files[m.pathText] = String(decoding: m.bytes, as: UTF8.self) }
        let dir = try PolicyFilesFixture.folder(files)
        defer { PolicyFilesFixture.remove(dir) }
        let key = BundleSignaturePolicy.verified(try Self.config())
        let loaded = try PolicyFileLoader.load([dir], as: .bundles, signatures: key)
        #expect(loaded.modules.count == 1)
        // A file the unchecked reader would not even read must be signed too.
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/authz/notes.txt"))
        #expect(throws: PolicyLoadError(dir + "/authz/notes.txt", "file authz/notes.txt not included in bundle signature")) {
            try PolicyFileLoader.load([dir], as: .bundles, signatures: key)
        }
        #expect(try PolicyFileLoader.load([dir], as: .bundles).modules.count == 1)
    }
}
