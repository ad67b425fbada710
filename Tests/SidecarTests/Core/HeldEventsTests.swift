// Held events: kept, merged, taken once, expired — and bounded in bytes for one request
// (a batch past the bound is refused whole, with a reason) and in total (the oldest go
// first), not only in the number of ids.
import Testing
@testable import Sidecar

@Suite struct HeldEventsTests {
    static func tools(_ names: [String]) -> BehaviourReport {
        var r = BehaviourReport()
        r.toolsCalled = names
        return r
    }

    /// `count` distinct names of `length` bytes starting with `prefix`.
    static func names(_ prefix: String, _ count: Int, length: Int = 100) -> [String] {
        (0..<count).map { i in
            let head = "\(prefix)-\(i)-"
            return head + String(repeating: "x", count: max(0, length - head.utf8.count))
        }
    }

    @Test func eventsWaitAreMergedAndThenExpire() {
        let pending = HeldEvents()
        #expect(pending.hold("x", Self.tools(["t1"]), now: 0) == .held(evicted: 0))
        #expect(pending.hold("x", Self.tools(["t2", "t1"]), now: 1) == .held(evicted: 0))
        #expect(pending.take("x", now: 2)?.toolsCalled == ["t1", "t2"])
        #expect(pending.take("x", now: 3) == nil)
        _ = pending.hold("y", Self.tools(["t1"]), now: 0)
        #expect(pending.take("y", now: HeldEvents.maxAgeNanoseconds + 1) == nil)
        #expect(pending.count == 0 && pending.bytes == 0)
    }

    @Test func oneRequestsEventsStopAtTheBoundAndTheRefusalSaysWhy() throws {
        let pending = HeldEvents()
        // 100-byte names: each counts 148 bytes; 400 of them fit in 64 KiB, 500 do not.
        var accepted = 0
        var refusal: String?
        for batch in 0..<20 {
            switch pending.hold("r1", Self.tools(Self.names("b\(batch)", 50)), now: UInt64(batch)) {
            case .held: accepted += 1
            case .refused(let why): refusal = why; break
            }
            if refusal != nil { break }
        }
        #expect(accepted == 8, "50 names a batch, 148 bytes each, past 256 bytes of base: the 9th batch passes 65,536")
        let why = try #require(refusal)
        #expect(why.contains("request r1") && why.contains("65536") && why.contains("not held"), "\(why)")
        // The refused batch left nothing behind; what was held is intact and still grows
        // with names it already has (they take no room).
        #expect(pending.hold("r1", Self.tools(Self.names("b0", 50)), now: 30) == .held(evicted: 0))
        let held = try #require(pending.take("r1", now: 31))
        #expect(held.toolsCalled.count == 400)
        #expect(held.storageBytes <= BehaviourReport.maxStorageBytes)
        #expect(pending.bytes == 0)
    }

    @Test func aSingleBatchLargerThanTheBoundIsRefused() {
        let pending = HeldEvents()
        guard case .refused = pending.hold("big", Self.tools(Self.names("n", 500, length: 200)), now: 0) else {
            Issue.record("a 124 KB report was held")
            return
        }
        #expect(pending.count == 0 && pending.bytes == 0)
    }

    @Test func allHeldEventsStayUnderTheTotalBoundOldestGoingFirst() {
        let pending = HeldEvents()
        // 60 KB per id: 300 ids would take about 17.9 MB, more than the 16 MiB bound.
        var evicted = 0
        for i in 0..<300 {
            if case .held(let n) = pending.hold("id-\(i)", Self.tools(Self.names("t", 400, length: 100)), now: UInt64(i)) {
                evicted += n
            }
            #expect(pending.bytes <= HeldEvents.maxTotalBytes)
        }
        #expect(evicted > 0 && pending.count == 300 - evicted)
        #expect(pending.take("id-0", now: 300) == nil, "the oldest went first")
        #expect(pending.take("id-299", now: 300) != nil, "the newest stayed")
    }

    @Test func theNumberOfIdsIsBoundedToo() {
        let pending = HeldEvents()
        for i in 0...HeldEvents.maxRequests { _ = pending.hold("r\(i)", Self.tools(["t"]), now: UInt64(i)) }
        #expect(pending.count == HeldEvents.maxRequests)
        #expect(pending.take("r0", now: 100_000) == nil)
        #expect(pending.take("r\(HeldEvents.maxRequests)", now: 100_000) != nil)
    }

    @Test func anIdReportedOnAgainIsTheLastToBeEvicted() {
        let pending = HeldEvents()
        for i in 0..<HeldEvents.maxRequests { _ = pending.hold("r\(i)", Self.tools(["t"]), now: UInt64(i)) }
        _ = pending.hold("r0", Self.tools(["u"]), now: 20_000)
        _ = pending.hold("new", Self.tools(["t"]), now: 20_001)
        #expect(pending.take("r1", now: 20_002) == nil, "r1 is now the oldest")
        #expect(pending.take("r0", now: 20_002)?.toolsCalled == ["t", "u"])
    }

    @Test func takenIdsLeaveNothingBehind() {
        let pending = HeldEvents()
        for i in 0..<50_000 {
            _ = pending.hold("r\(i)", Self.tools(["t"]), now: UInt64(i))
            _ = pending.take("r\(i)", now: UInt64(i))
        }
        #expect(pending.count == 0 && pending.bytes == 0)
    }
}
