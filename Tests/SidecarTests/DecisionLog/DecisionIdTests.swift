// DecisionId: OPA's spelling of a version-4 UUID (lowercase 8-4-4-4-12, version nibble 4,
// variant 8/9/a/b), different for every decision of a process and between processes.
import Testing
@testable import Sidecar

@Suite struct DecisionIdTests {
    static func isUUIDv4(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.count) == [8, 4, 4, 4, 12] else { return false }
        guard text.allSatisfy({ $0 == "-" || ("0"..."9").contains($0) || ("a"..."f").contains($0) }) else { return false }
        return groups[2].first == "4" && "89ab".contains(groups[3].first!)
    }

    @Test func theSpellingIsAVersion4UUID() {
        #expect(DecisionId(high: 0, low: 0).description == "00000000-0000-4000-8000-000000000000")
        #expect(DecisionId(high: .max, low: .max).description == "ffffffff-ffff-4fff-bfff-ffffffffffff")
        #expect(DecisionId(high: 0x0123_4567_89AB_CDEF, low: 0xFEDC_BA98_7654_3210).description
                == "01234567-89ab-4def-bedc-ba9876543210")
        #expect(Self.isUUIDv4(DecisionId.random().description))
    }

    @Test func idsDoNotRepeat() {
        let generator = DecisionIdGenerator()
        var seen = Set<String>()
        for _ in 0..<50_000 {
            let id = generator.next().description
            #expect(Self.isUUIDv4(id))
            seen.insert(id)
        }
        #expect(seen.count == 50_000)
        // Another process (another seed) does not replay this one's ids.
        let other = DecisionIdGenerator()
        #expect((0..<1_000).allSatisfy { _ in !seen.contains(other.next().description) })
    }

    @Test func fixedSeedsGiveTheSameIds() {
        let a = DecisionIdGenerator(seedHigh: 1, seedLow: 2), b = DecisionIdGenerator(seedHigh: 1, seedLow: 2)
        #expect((0..<10).map { _ in a.next() } == (0..<10).map { _ in b.next() })
    }
}
