// DecisionLogBuffer: bounded by events and bytes, the oldest dropped first and every drop
// counted exactly; batches taken oldest first within the upload limit; a failed batch put
// back in front, the bounds then dropping from its oldest end.
import Testing
@testable import Sidecar

@Suite struct DecisionLogBufferTests {
    /// An event of `size` bytes whose first byte tells it apart.
    static func event(_ tag: UInt8, size: Int = 10) -> [UInt8] { [tag] + Array(repeating: UInt8(ascii: "x"), count: size - 1) }

    static func tags(_ events: [[UInt8]]) -> [UInt8] { events.map { $0[0] } }

    @Test func overflowDropsTheOldestAndCountsEachDrop() {
        var buffer = DecisionLogBuffer(maxEvents: 3, maxBytes: 1_000)
        var droppedByAppends = 0
        for tag in UInt8(1)...10 { droppedByAppends += buffer.append(Self.event(tag)) }
        #expect(buffer.count == 3)
        #expect(buffer.dropped == 7)
        #expect(droppedByAppends == 7)
        #expect(Self.tags(buffer.takeBatch(limitBytes: 1_000)) == [8, 9, 10], "the newest three are kept")
        #expect(buffer.isEmpty && buffer.bytes == 0)
    }

    @Test func theByteBoundDropsTheOldestToo() {
        var buffer = DecisionLogBuffer(maxEvents: 100, maxBytes: 35)
        for tag in UInt8(1)...5 { buffer.append(Self.event(tag)) }
        #expect(buffer.count == 3 && buffer.bytes == 30)
        #expect(buffer.dropped == 2)
        // An event larger than the whole buffer is dropped itself; nothing older goes for it.
        #expect(buffer.append(Self.event(9, size: 36)) == 1)
        #expect(buffer.dropped == 3)
        #expect(Self.tags(buffer.takeBatch(limitBytes: 1_000)) == [3, 4, 5])
    }

    @Test func batchesAreTheOldestEventsWhoseArrayFitsTheLimit() {
        var buffer = DecisionLogBuffer(maxEvents: 100, maxBytes: 10_000)
        for tag in UInt8(1)...5 { buffer.append(Self.event(tag)) }
        // `[` + 10 + `,` + 10 + `]` = 23 bytes: two events fit 23, not 22.
        #expect(Self.tags(buffer.takeBatch(limitBytes: 23)) == [1, 2])
        #expect(Self.tags(buffer.takeBatch(limitBytes: 22)) == [3])
        #expect(buffer.count == 2 && buffer.bytes == 20)
        // One event is taken even when it alone exceeds the limit (never stuck).
        #expect(Self.tags(buffer.takeBatch(limitBytes: 5)) == [4])
        #expect(Self.tags(buffer.takeBatch(limitBytes: 1_000)) == [5])
        #expect(buffer.takeBatch(limitBytes: 1_000).isEmpty)
    }

    @Test func aFailedBatchGoesBackInFrontAndTheBoundsDropItsOldest() {
        var buffer = DecisionLogBuffer(maxEvents: 4, maxBytes: 10_000)
        for tag in UInt8(1)...3 { buffer.append(Self.event(tag)) }
        let batch = buffer.takeBatch(limitBytes: 1_000)
        #expect(Self.tags(batch) == [1, 2, 3])
        // While the batch is out, three newer events arrive.
        for tag in UInt8(4)...6 { buffer.append(Self.event(tag)) }
        #expect(buffer.putBack(batch) == 2)
        #expect(buffer.dropped == 2)
        #expect(Self.tags(buffer.takeBatch(limitBytes: 1_000)) == [3, 4, 5, 6])
    }

    @Test func everyEventIsTakenDroppedOrHeldExactlyOnce() {
        var buffer = DecisionLogBuffer(maxEvents: 7, maxBytes: 10_000)
        var taken: [[UInt8]] = []
        var next: UInt8 = 0
        for round in 0..<40 {
            for _ in 0..<(round % 5) { buffer.append(Self.event(next)); next &+= 1 }
            let batch = buffer.takeBatch(limitBytes: 34)
            if round % 3 == 0 { buffer.putBack(batch) } else { taken += batch }
        }
        let appended = (0..<40).reduce(0) { $0 + $1 % 5 }
        #expect(taken.count + Int(buffer.dropped) + buffer.count == appended)
        #expect(buffer.count <= 7)
    }

    @Test func dropAllCountsWhatIsLeft() {
        var buffer = DecisionLogBuffer(maxEvents: 10, maxBytes: 10_000)
        for tag in UInt8(1)...4 { buffer.append(Self.event(tag)) }
        #expect(buffer.dropAll() == 4)
        #expect(buffer.dropped == 4 && buffer.isEmpty && buffer.bytes == 0)
    }
}
