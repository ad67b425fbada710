// BundleManifest: OPA's `.manifest` — revision and roots read and written, roots
// normalised and checked for overlap, and what the VM cannot honour refused.
import Testing
@testable import AgentSpec

@Suite struct BundleManifestTests {
    static func parse(_ text: String) throws -> BundleManifest { try BundleManifest.parse(Array(text.utf8), file: ".manifest") }

    @Test func readsRevisionAndRoots() throws {
        let m = try Self.parse(#"{"revision": "abc123", "roots": ["/authz/", "agentspec/agent"], "metadata": {"x": 1}}"#)
        #expect(m.revision == "abc123")
        #expect(m.roots == ["authz", "agentspec/agent"])
        #expect(try Self.parse("{}") == BundleManifest(revision: "", roots: [""]))
    }

    @Test func rootsContainTheirPathsOnly() {
        let m = BundleManifest(roots: ["authz", "a/b"])
        #expect(m.contains("authz") && m.contains("authz/allow") && m.contains("a/b/c"))
        #expect(!m.contains("authzx") && !m.contains("a") && !m.contains("a/bc") && !m.contains(""))
        #expect(BundleManifest().contains("anything/at/all"))
    }

    @Test(arguments: [(#"{"roots": ["a", "a/b"]}"#, "manifest has overlapped roots: 'a' and 'a/b'"),
                      (#"{"roots": ["", "x"]}"#, "manifest has overlapped roots: '' and 'x'"),
                      (#"{"roots": "a"}"#, #"manifest roots must be an array of strings, got "a""#),
                      (#"{"roots": [1]}"#, "manifest roots must be strings, got 1"),
                      (#"{"revision": 7}"#, "manifest revision must be a string, got 7"),
                      (#"{"rego_version": 0}"#, "manifest declares rego_version 0 (Rego v0 modules); only Rego v1 is supported"),
                      ("[]", "manifest must be a JSON object")])
    func refuses(text: String, reason: String) {
        #expect(throws: PolicyLoadError(".manifest", reason)) { try Self.parse(text) }
    }

    @Test func writesOPAsFieldsInOrder() throws {
        let m = BundleManifest(revision: "r\"1", roots: ["authz", "agentspec/agent"])
        #expect(String(decoding: m.encoded(), as: UTF8.self) == #"{"revision":"r\"1","roots":["authz","agentspec/agent"],"rego_version":1}"# + "\n")
        #expect(try BundleManifest.parse(m.encoded(), file: "m") == m)
    }
}
