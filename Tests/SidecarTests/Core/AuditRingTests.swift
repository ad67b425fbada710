// The audit ring: capacity, eviction of the oldest, `limit`, lookup and update by id,
// and listeners.
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Sidecar

@Suite struct AuditRingTests {
    func entry(_ id: String) -> AuditEntry {
        AuditEntry(requestId: id, arrivalNanos: 1_795_219_200_000_000_000, method: "GET", path: "/", statusCode: 200, durationMs: 1)
    }

    @Test func evictsTheOldestAndListsOldestFirst() {
        let ring = AuditRing(capacity: 3)
        for i in 1...5 { ring.append(entry("r\(i)")) }
        #expect(ring.entries().map(\.requestId) == ["r3", "r4", "r5"])
        #expect(ring.entries(limit: 2).map(\.requestId) == ["r4", "r5"])
        #expect(ring.entries(limit: 10).count == 3)
        #expect(ring.entry("r1") == nil && ring.entry("r4") != nil)
    }

    @Test func updatesReachTheEntryAndTheListeners() {
        let ring = AuditRing(capacity: 2)
        ring.append(entry("a"))
        let seen = Counter()
        let id = ring.addListener { _ in seen.increment() }
        let updated = ring.update("a") { $0.statusCode = 403 }
        #expect(updated?.statusCode == 403 && ring.entry("a")?.statusCode == 403)
        #expect(ring.update("missing") { $0.statusCode = 1 } == nil)
        ring.removeListener(id)
        ring.append(entry("b"))
        #expect(seen.value == 1)
    }

    /// Lookups by id against a model (the newest entry of each id still held), over a
    /// long run with evictions and reused ids, so probe runs are shifted back often.
    @Test(arguments: [1, 2, 7, 64])
    func lookupsFindTheNewestEntryOfAnIdWhileItIsHeld(capacity: Int) {
        let ring = AuditRing(capacity: capacity)
        var random = FastRandom(seed: UInt64(capacity))
        var held: [(id: String, sequence: Int)] = []
        for sequence in 0..<3_000 {
            // Ids from a pool a little larger than the ring: many are reused.
            let id = "req-\(random.next() % UInt64(capacity * 2 + 3))"
            var e = entry(id)
            e.statusCode = sequence
            ring.append(e)
            held.append((id, sequence))
            if held.count > capacity { held.removeFirst() }
            if sequence % 7 == 0 || sequence > 2_990 {
                for probe in 0..<(capacity * 2 + 3) {
                    let probed = "req-\(probe)"
                    let newest = held.last { $0.id == probed }?.sequence
                    #expect(ring.entry(probed)?.statusCode == newest, "\(probed) after \(sequence)")
                }
            }
        }
    }
}

/// A thread-safe counter.
final class Counter: @unchecked Sendable {
    private let lock = NSLockLike()
    private var n = 0
    func increment() { lock.locked { n += 1 } }
    var value: Int { lock.locked { n } }
}

/// A minimal lock for tests (no Foundation).
final class NSLockLike: @unchecked Sendable {
    private var flag = pthread_mutex_t()
    init() { pthread_mutex_init(&flag, nil) }
    func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&flag)
        defer { pthread_mutex_unlock(&flag) }
        return body()
    }
}
