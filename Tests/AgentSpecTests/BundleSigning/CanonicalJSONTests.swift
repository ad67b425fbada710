// CanonicalJSON and BundleFileDigest: a structured file's digest is OPA's — the digest
// OPA's tests expect for a manifest, keys in byte order, no HTML escaping, numbers as
// written — and does not depend on layout; other files are hashed as bytes.
import PolicyVM
import Testing
@testable import AgentSpec

@Suite struct CanonicalJSONTests {
    static func canonical(_ json: String) throws -> String {
        String(decoding: CanonicalJSON.bytes(try JSONReader.parse(json)), as: UTF8.self)
    }

    @Test func aManifestHashesAsInOPAsTests() throws {
        let digest = try BundleFileDigest.digest(Array(OPASigningFacts.manifest.utf8), path: [".manifest"], algorithm: "MD5", file: "m")
        #expect(digest == OPASigningFacts.manifestMD5)
    }

    @Test func keysSortByTheirBytesAtEveryLevel() throws {
        #expect(try Self.canonical(#"{"b": {"z": 1, "a": [ {"y": 2, "x": 3} ]}, "B": 0, "é": 1, "a": null}"#)
                == #"{"B":0,"a":null,"b":{"a":[{"x":3,"y":2}],"z":1},"é":1}"#)
    }

    @Test func stringsAreEscapedAsGoWithoutHTMLEscaping() throws {
        #expect(try Self.canonical(#"["<a&b>", "q\"\\", "\n\t\r\b\f\u0001", "\u2028", "α™"]"#)
                == #"["<a&b>","q\"\\","\n\t\r\b\f\u0001","\u2028","α™"]"#)
    }

    @Test func numbersKeepTheTextTheyWereWrittenIn() throws {
        #expect(try Self.canonical(#"[1.0, 1e3, 100000000000000000000000, -0.5]"#) == "[1.0,1e3,100000000000000000000000,-0.5]")
    }

    @Test func layoutDoesNotChangeTheDigestOfADataFile() throws {
        let compact = Array(#"{"a":1,"b":[true,"x"]}"#.utf8)
        let spread = Array("{\n  \"b\" : [ true, \"x\" ],\n  \"a\" : 1\n}\n".utf8)
        let one = try BundleFileDigest.digest(compact, path: ["data.json"], algorithm: "SHA-256", file: "f")
        #expect(try BundleFileDigest.digest(spread, path: ["x", "data.json"], algorithm: "SHA-256", file: "f") == one)
        // A Rego file is hashed as its bytes: a changed space changes its digest.
        let rego = try BundleFileDigest.digest(Array("package a\n".utf8), path: ["a.rego"], algorithm: "SHA-256", file: "f")
        #expect(try BundleFileDigest.digest(Array("package  a\n".utf8), path: ["a.rego"], algorithm: "SHA-256", file: "f") != rego)
        // data.yml is not in OPA's list of structured files: its bytes are hashed.
        #expect(try BundleFileDigest.digest(Array("a: 1\n".utf8), path: ["data.yml"], algorithm: "SHA-256", file: "f")
                == SHA256.hash(Array("a: 1\n".utf8)).hexString)
    }

    @Test func unknownHashingAlgorithmsAreNamed() throws {
        #expect(throws: PolicyLoadError("f", "unsupported hashing algorithm: MD6")) {
            try BundleFileDigest.digest([], path: ["a.rego"], algorithm: "MD6", file: "f")
        }
        #expect(throws: PolicyLoadError.self) { try BundleFileDigest.digest([], path: ["a.rego"], algorithm: "SHA-224", file: "f") }
    }
}
