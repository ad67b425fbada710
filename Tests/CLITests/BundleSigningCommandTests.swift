// Bundle signing through the built binary: `policy build --signing-key` writes a bundle
// that `policy eval -b` and `policy test -b` load under `--verification-key` (a secret
// given as text or as a file, as opa reads it); the wrong key, the wrong scope and a
// tampered bundle fail with exit 2 and the reason; bad flag combinations are usage
// errors (64) that never print the key; without a key, signatures are not checked (as
// `opa eval`).
import Foundation
import Testing

@Suite struct BundleSigningCommandTests {
    static let secret = "cli-s3cret"

    /// A folder with the usual policy and a bundle built from it, signed with `secret`.
    static func signedFolder(_ extra: [String] = []) throws -> String {
        let dir = try PolicyEvalCommandTests.folder(["p/authz_test.rego": "package authz\n\ntest_alice if allow with input as {\"user\": \"alice\"}\n"])
        let r = try BinaryRunner.run(["policy", "build", "-d", "p", "-o", "b.tar.gz", "--signing-key", secret, "--signing-alg", "HS256"] + extra,
                                     cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        return dir
    }

    static func eval(_ args: [String], in dir: String) throws -> BinaryResult {
        try BinaryRunner.run(["policy", "eval", "-b", "b.tar.gz", "-f", "raw"] + args + ["data.users.admins[0]"], cwd: dir)
    }

    @Test func aBundleWeSignLoadsUnderItsKey() throws {
        let dir = try Self.signedFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Self.eval(["--verification-key", Self.secret, "--signing-alg", "HS256"], in: dir)
        #expect(r.status == 0 && r.stdout == "alice\n", "\(r.stderr)")
        // The key may be a file holding it.
        try Data(Self.secret.utf8).write(to: URL(fileURLWithPath: dir + "/key"))
        #expect(try Self.eval(["--verification-key", "key", "--signing-alg", "HS256"], in: dir).stdout == "alice\n")
        let test = try BinaryRunner.run(["policy", "test", "-b", "b.tar.gz", "--verification-key", Self.secret, "--signing-alg", "HS256"], cwd: dir)
        #expect(test.status == 0 && test.stdout.contains("1 passed"), "\(test.stdout)\(test.stderr)")
        let json = try BinaryRunner.run(["policy", "build", "-d", "p", "-o", "j.tar.gz", "--signing-key", Self.secret, "--signing-alg", "HS512",
                                         "--json"], cwd: dir)
        #expect(try PolicyBuildCommandTests.document(json)["signed"] as? String == "HS512")
        let unsigned = try BinaryRunner.run(["policy", "build", "-d", "p", "-o", "u.tar.gz", "--json"], cwd: dir)
        #expect(try PolicyBuildCommandTests.document(unsigned)["signed"] is NSNull)
        // Unchecked, as opa eval: the signature is not looked at.
        #expect(try Self.eval([], in: dir).stdout == "alice\n")
    }

    @Test func aWrongKeyOrScopeOrATamperedBundleFails() throws {
        let dir = try Self.signedFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let wrong = try Self.eval(["--verification-key", "other", "--signing-alg", "HS256"], in: dir)
        #expect(wrong.status == 2 && wrong.stderr.contains("bundle signature verification failed"), "\(wrong.stderr)")
        let scope = try Self.eval(["--verification-key", Self.secret, "--signing-alg", "HS256", "--scope", "write"], in: dir)
        #expect(scope.status == 2 && scope.stderr.contains("scope mismatch"), "\(scope.stderr)")
        // Rebuild from changed policy, then put the old signature in it.
        let old = try Self.members(dir + "/b.tar.gz")
        try Data("package authz\n\nallow := true\n".utf8).write(to: URL(fileURLWithPath: dir + "/p/authz.rego"))
        #expect(try BinaryRunner.run(["policy", "build", "-d", "p", "-o", "c.tar.gz"], cwd: dir).status == 0)
        let tarDir = dir + "/t"
        try FileManager.default.createDirectory(atPath: tarDir, withIntermediateDirectories: true)
        _ = try PolicyFilesFixtureProcess.run("/usr/bin/tar", ["xzf", "../c.tar.gz"], cwd: tarDir)
        try Data(old[".signatures.json"]!.utf8).write(to: URL(fileURLWithPath: tarDir + "/.signatures.json"))
        let tampered = try BinaryRunner.run(["policy", "eval", "-b", "t", "--verification-key", Self.secret, "--signing-alg", "HS256",
                                             "-f", "raw", "data.authz.allow"], cwd: dir)
        #expect(tampered.status == 2 && tampered.stderr.contains("digest mismatch"), "\(tampered.stderr)")
    }

    @Test func badFlagsAreUsageErrorsThatDoNotShowTheKey() throws {
        let dir = try Self.signedFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let rs = try Self.eval(["--verification-key", Self.secret], in: dir)
        #expect(rs.status == 64 && rs.stderr.contains("RS256 needs a PEM RSA public key"), "\(rs.stderr)")
        #expect(!rs.stderr.contains(Self.secret))
        let lone = try Self.eval(["--scope", "write"], in: dir)
        #expect(lone.status == 64 && lone.stderr.contains("--scope has no effect without --verification-key"))
        let signRS = try BinaryRunner.run(["policy", "build", "-d", "p", "-o", "x.tar.gz", "--signing-key", Self.secret], cwd: dir)
        #expect(signRS.status == 64 && signRS.stderr.contains("signing with RS256 is not supported") && !signRS.stderr.contains(Self.secret))
        let ps = try Self.eval(["--verification-key", Self.secret, "--signing-alg", "PS256"], in: dir)
        #expect(ps.status == 64 && ps.stderr.contains("PS256 is not supported yet"))
    }

    @Test func claimsFromAFileSetTheScope() throws {
        let dir = try PolicyEvalCommandTests.folder(["claims.json": #"{"scope": "write", "iss": "ci"}"#])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try BinaryRunner.run(["policy", "build", "-d", "p", "-o", "b.tar.gz", "--signing-key", Self.secret, "--signing-alg", "HS256",
                                      "--claims-file", "claims.json"], cwd: dir).status == 0)
        #expect(try Self.eval(["--verification-key", Self.secret, "--signing-alg", "HS256", "--scope", "write"], in: dir).stdout == "alice\n")
        #expect(try Self.eval(["--verification-key", Self.secret, "--signing-alg", "HS256"], in: dir).status == 2)
    }

    /// The members of a `.tar.gz`, as text, by path without the leading slash.
    static func members(_ path: String) throws -> [String: String] {
        let dir = NSTemporaryDirectory() + "agentspec-members-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try PolicyFilesFixtureProcess.run("/usr/bin/tar", ["xzf", path], cwd: dir)
        var out: [String: String] = [:]
        let walker = FileManager.default.enumerator(atPath: dir)
        while let name = walker?.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + name, isDirectory: &isFolder), !isFolder.boolValue {
                out[name] = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
            }
        }
        return out
    }
}

/// Runs a program to its end (tar, for these tests).
enum PolicyFilesFixtureProcess {
    static func run(_ program: String, _ args: [String], cwd: String) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: cwd)
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }
}
