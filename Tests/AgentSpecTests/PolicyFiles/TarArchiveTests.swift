// TarReader and TarWriter: round trips (short names, names that need ustar's prefix,
// names only pax can hold), archives GNU tar writes (`./` paths, long names, links,
// folders), and damaged archives, which are errors with a byte offset, never crashes.
import Foundation
import Testing
@testable import AgentSpec

@Suite struct TarArchiveTests {
    static let longFolder = String(repeating: "folder-name-", count: 12)  // 144 bytes
    static let names = ["data.json", "a/b/policy.rego", longFolder + "/policy.rego",
                        String(repeating: "x", count: 120) + ".rego", longFolder + "/" + longFolder + "/data.json"]

    @Test func roundTrips() throws {
        var writer = TarWriter()
        for (i, name) in Self.names.enumerated() { writer.addFile(name, Array("content \(i)".utf8)) }
        let entries = try TarReader.entries(writer.finished(), maxEntries: 100)
        #expect(entries.map(\.path) == Self.names)
        #expect(entries.map { String(decoding: $0.bytes, as: UTF8.self) } == Self.names.indices.map { "content \($0)" })
        #expect(entries.allSatisfy { $0.kind == .file })
    }

    @Test func gnuTarReadsWhatTheWriterWrites() throws {
        var writer = TarWriter()
        for name in Self.names { writer.addFile(name, Array(name.utf8)) }
        let dir = try PolicyFilesFixture.folder([:])
        defer { PolicyFilesFixture.remove(dir) }
        try Data(writer.finished()).write(to: URL(fileURLWithPath: dir + "/a.tar"))
        let listed = try PolicyFilesFixture.run("/bin/tar", ["-tf", dir + "/a.tar"])
        #expect(listed.status == 0)
        #expect(String(decoding: listed.stdout, as: UTF8.self).split(separator: "\n").map(String.init) == Self.names)
        #expect(try PolicyFilesFixture.run("/bin/tar", ["-xf", "a.tar"], cwd: dir).status == 0)
        for name in Self.names { #expect(try String(contentsOfFile: dir + "/" + name, encoding: .utf8) == name) }
    }

    @Test(arguments: ["gnu", "posix", "ustar"])
    func readsWhatGNUTarWrites(format: String) throws {
        // Longer than ustar's 100-byte name field, short enough for its prefix split.
        let long = String(repeating: "folder-name-", count: 5) + "/" + String(repeating: "y", count: 90) + ".rego"
        let dir = try PolicyFilesFixture.folder(["b/data.json": "{}", "b/" + long: "package p", "b/z.rego": "package z"])
        defer { PolicyFilesFixture.remove(dir) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/b/link.rego", withDestinationPath: "z.rego")
        let made = try PolicyFilesFixture.run("/bin/tar", ["--format=\(format)", "-cf", "../b.tar", "."], cwd: dir + "/b")
        #expect(made.status == 0)
        let entries = try TarReader.entries(try PolicyFilesFixture.bytes(dir + "/b.tar"), maxEntries: 100)
        let byPath = Dictionary(entries.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byPath["./data.json"]?.bytes == Array("{}".utf8))
        #expect(byPath["./" + long]?.bytes == Array("package p".utf8))
        #expect(byPath["./link.rego"]?.kind == .symbolicLink(target: "z.rego"))
        #expect(byPath["./"]?.kind == .directory)
    }

    @Test func anEmptyArchiveHasNoEntries() throws {
        #expect(try TarReader.entries(TarWriter().finished(), maxEntries: 1).isEmpty)
        #expect(try TarReader.entries([], maxEntries: 1).isEmpty)
    }

    @Test func refusesMoreEntriesThanTheLimit() {
        var writer = TarWriter()
        for i in 0..<4 { writer.addFile("f\(i)", []) }
        #expect(throws: TarError.self) { try TarReader.entries(writer.finished(), maxEntries: 3) }
    }

    @Test func damagedArchivesAreErrorsWithAnOffset() {
        var writer = TarWriter()
        writer.addFile("a.rego", Array(String(repeating: "x", count: 1000).utf8))
        writer.addFile("b.rego", Array("y".utf8))
        let good = writer.finished()
        var badChecksum = good
        badChecksum[10] ^= 0xFF
        #expect(throws: TarError(offset: 0, reason: "header checksum does not match (not a tar archive, or damaged)")) {
            try TarReader.entries(badChecksum, maxEntries: 10)
        }
        // Every cut inside the archive: an error or a shorter list, never a crash.
        for cut in stride(from: 1, to: good.count, by: 97) {
            _ = try? TarReader.entries(Array(good.prefix(cut)), maxEntries: 10)
        }
        #expect(throws: TarError.self) { try TarReader.entries(Array(good.prefix(700)), maxEntries: 10) }
        #expect(throws: TarError.self) { try TarReader.entries(Array(repeating: 0x41, count: 512), maxEntries: 10) }
    }

    @Test func aSizeFieldPastTheEndIsRefused() {
        var writer = TarWriter()
        writer.addFile("a", Array(repeating: 1, count: 10))
        var archive = writer.finished()
        // Claim 0o77777777 bytes and fix the checksum.
        archive.replaceSubrange(124..<136, with: Array("00077777777\0".utf8))
        archive.replaceSubrange(148..<156, with: Array("        ".utf8))
        let sum = archive[0..<512].reduce(0) { $0 + Int($1) }
        archive.replaceSubrange(148..<156, with: Array(String(format: "%06o\0 ", sum).utf8))
        #expect(throws: TarError(offset: 0, reason: "entry of 16777215 bytes runs past the end of the archive")) {
            try TarReader.entries(archive, maxEntries: 10)
        }
    }
}
