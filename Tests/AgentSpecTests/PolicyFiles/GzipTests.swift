// Gzip: round trips through the system zlib, a stream written by the system's gzip
// tool, several members, and the failures a bundle from elsewhere can bring: not gzip,
// truncated, expanding past the limit (a gzip bomb).
import Foundation
import Testing
@testable import AgentSpec

@Suite struct GzipTests {
    @Test(arguments: [0, 1, 100, 70_000, 300_000])
    func roundTrips(size: Int) throws {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let compressed = Gzip.compress(bytes)
        #expect(compressed.starts(with: [0x1F, 0x8B]))
        #expect(try Gzip.decompress(compressed, limit: size) == bytes)
    }

    @Test func compressionIsDeterministic() {
        let text = Array(String(repeating: "package p\nallow := true\n", count: 50).utf8)
        #expect(Gzip.compress(text) == Gzip.compress(text))
    }

    @Test func readsWhatTheGzipToolWrites() throws {
        let dir = try PolicyFilesFixture.folder(["a.txt": String(repeating: "agentspec ", count: 1000)])
        defer { PolicyFilesFixture.remove(dir) }
        try PolicyFilesFixture.run("/bin/gzip", ["-9", dir + "/a.txt"])
        let decoded = try Gzip.decompress(try PolicyFilesFixture.bytes(dir + "/a.txt.gz"), limit: 1 << 20)
        #expect(String(decoding: decoded, as: UTF8.self) == String(repeating: "agentspec ", count: 1000))
    }

    @Test func readsConcatenatedMembers() throws {
        let joined = Gzip.compress(Array("first ".utf8)) + Gzip.compress(Array("second".utf8))
        #expect(String(decoding: try Gzip.decompress(joined, limit: 100), as: UTF8.self) == "first second")
    }

    @Test func refusesWhatIsNotGzip() {
        #expect(throws: GzipError.self) { try Gzip.decompress(Array("plain text, not gzip".utf8), limit: 100) }
        // Trailing bytes that are not another gzip member.
        let error = #expect(throws: GzipError.self) {
            try Gzip.decompress(Gzip.compress(Array("x".utf8)) + [0x00, 0x01, 0x02], limit: 100)
        }
        #expect(error?.description.hasPrefix("not valid gzip data") == true)
    }

    @Test func refusesTruncatedData() {
        let whole = Gzip.compress(Array(String(repeating: "abc", count: 1000).utf8))
        for cut in [0, 5, whole.count / 2, whole.count - 1] {
            #expect(throws: GzipError(kind: .truncated)) { try Gzip.decompress(Array(whole.prefix(cut)), limit: 1 << 20) }
        }
    }

    /// 64 MiB of zeros compress to ~64 KiB; decompression stops at the limit instead.
    @Test func stopsABombAtTheLimit() {
        let bomb = Gzip.compress([UInt8](repeating: 0, count: 64 << 20))
        #expect(bomb.count < 100_000)
        #expect(throws: GzipError(kind: .tooLarge(limit: 1 << 20))) { try Gzip.decompress(bomb, limit: 1 << 20) }
    }

    @Test func exactlyTheLimitIsAllowed() throws {
        let data = [UInt8](repeating: 7, count: 1000)
        #expect(try Gzip.decompress(Gzip.compress(data), limit: 1000).count == 1000)
        #expect(throws: GzipError(kind: .tooLarge(limit: 999))) { try Gzip.decompress(Gzip.compress(data), limit: 999) }
    }
}
