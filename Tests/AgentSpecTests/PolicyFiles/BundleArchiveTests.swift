// BundleArchive: a .tar.gz bundle's members, with its bounds and refusals — paths that
// climb out (`..`), links, device entries, duplicates, too many entries, too large a
// file or archive, a gzip bomb — each an error naming the bundle and the member. OPA's
// own member names (`/data.json`) and `tar -C dir .`'s (`./data.json`) are read alike.
import Foundation
import Testing
@testable import AgentSpec

@Suite struct BundleArchiveTests {
    static func bundle(_ files: [(String, String)]) -> [UInt8] {
        var tar = TarWriter()
        for (name, text) in files { tar.addFile(name, Array(text.utf8)) }
        return Gzip.compress(tar.finished())
    }

    static func members(_ bytes: [UInt8], limits: BundleLimits = .standard) throws -> [String: String] {
        let list = try BundleArchive.members(bytes, name: "b.tar.gz", limits: limits)
        return Dictionary(uniqueKeysWithValues: list.map { ($0.pathText, String(decoding: $0.bytes, as: UTF8.self)) })
    }

    @Test func opaAndTarPathsNameTheSameFiles() throws {
        let read = try Self.members(Self.bundle([("/data.json", "1"), ("./a/x.rego", "2"), ("b//./y.rego", "3"), ("/.manifest", "4")]))
        #expect(read == ["data.json": "1", "a/x.rego": "2", "b/y.rego": "3", ".manifest": "4"])
    }

    @Test(arguments: ["../evil.rego", "/../data.json", "a/../../data.json", "./a/../../../etc/passwd"])
    func pathsThatClimbOutAreRefused(path: String) {
        #expect(throws: PolicyLoadError("b.tar.gz#\(path)", "path climbs out of the bundle (\"..\"): refused")) {
            try Self.members(Self.bundle([(path, "x")]))
        }
    }

    @Test func aPathTwiceIsRefused() {
        #expect(throws: PolicyLoadError("b.tar.gz#./data.json", "appears twice in the bundle")) {
            try Self.members(Self.bundle([("/data.json", "{}"), ("./data.json", "{}")]))
        }
    }

    @Test func linksAreRefused() throws {
        let dir = try PolicyFilesFixture.folder(["b/policy.rego": "package p"])
        defer { PolicyFilesFixture.remove(dir) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/b/secret.rego", withDestinationPath: "/etc/passwd")
        try PolicyFilesFixture.run("/bin/tar", ["-czf", "../b.tar.gz", "."], cwd: dir + "/b")
        #expect(throws: PolicyLoadError("b.tar.gz#./secret.rego", "a symbolic link (to /etc/passwd): links are refused in bundles")) {
            try Self.members(try PolicyFilesFixture.bytes(dir + "/b.tar.gz"))
        }
        try FileManager.default.removeItem(atPath: dir + "/b/secret.rego")
        try FileManager.default.linkItem(atPath: dir + "/b/policy.rego", toPath: dir + "/b/hard.rego")
        try PolicyFilesFixture.run("/bin/tar", ["-czf", "../c.tar.gz", "hard.rego", "policy.rego"], cwd: dir + "/b")
        let error = #expect(throws: PolicyLoadError.self) { try Self.members(try PolicyFilesFixture.bytes(dir + "/c.tar.gz")) }
        #expect(error?.reason.contains("a hard link") == true)
    }

    @Test func readsABundleGNUTarWrote() throws {
        let dir = try PolicyFilesFixture.folder(["b/.manifest": #"{"revision":"7"}"#, "b/authz/policy.rego": "package authz", "b/data.json": "{}"])
        defer { PolicyFilesFixture.remove(dir) }
        try PolicyFilesFixture.run("/bin/tar", ["-czf", "../b.tar.gz", "."], cwd: dir + "/b")
        #expect(try Self.members(try PolicyFilesFixture.bytes(dir + "/b.tar.gz")).keys.sorted() == [".manifest", "authz/policy.rego", "data.json"])
    }

    @Test func limitsAreEnforced() throws {
        let files = (0..<5).map { ("f\($0).rego", String(repeating: "x", count: 100)) }
        let bytes = Self.bundle(files)
        #expect(throws: PolicyLoadError.self) { try Self.members(bytes, limits: BundleLimits(maxFiles: 4)) }
        #expect(throws: PolicyLoadError("b.tar.gz#f0.rego", "100 bytes, more than the 99 allowed for one file")) {
            try Self.members(bytes, limits: BundleLimits(maxFileBytes: 99))
        }
        #expect(throws: PolicyLoadError("b.tar.gz", "bundle is \(bytes.count) bytes, more than the 10 allowed")) {
            try Self.members(bytes, limits: BundleLimits(maxCompressedBytes: 10))
        }
        #expect(throws: PolicyLoadError("b.tar.gz", "bundle decompresses to more than 1024 bytes")) {
            try Self.members(bytes, limits: BundleLimits(maxUncompressedBytes: 1024))
        }
        #expect(try Self.members(bytes, limits: BundleLimits(maxFileBytes: 100, maxFiles: 5)).count == 5)
    }

    @Test func aGzipBombIsStoppedAtTheUncompressedLimit() {
        var tar = TarWriter()
        tar.addFile("data.json", [UInt8](repeating: 0x20, count: 32 << 20))
        let bomb = Gzip.compress(tar.finished())
        #expect(bomb.count < 100_000)
        #expect(throws: PolicyLoadError("b.tar.gz", "bundle decompresses to more than \(1 << 20) bytes")) {
            try Self.members(bomb, limits: BundleLimits(maxUncompressedBytes: 1 << 20))
        }
    }

    @Test func notABundleSaysWhy() {
        #expect(throws: PolicyLoadError("b.tar.gz", "bundle not valid gzip data (incorrect header check)")) {
            try Self.members(Array("not a bundle at all".utf8))
        }
        #expect(throws: PolicyLoadError("b.tar.gz", "bundle: tar: header checksum does not match (not a tar archive, or damaged) (at byte 0)")) {
            try Self.members(Gzip.compress(Array(String(repeating: "not tar ", count: 100).utf8)))
        }
    }

    @Test func writtenBundlesReadBackWithLeadingSlashes() throws {
        let members = [BundleMember(path: ["a", "policy.rego"], bytes: Array("package a".utf8)),
                       BundleMember(path: ["data.json"], bytes: Array("{}".utf8))]
        let bytes = BundleArchive.encode(members)
        let entries = try TarReader.entries(try Gzip.decompress(bytes, limit: 1 << 20), maxEntries: 10)
        #expect(entries.map(\.path) == ["/a/policy.rego", "/data.json"])
        #expect(try Self.members(bytes) == ["a/policy.rego": "package a", "data.json": "{}"])
        #expect(BundleArchive.encode(members) == bytes)
    }
}
