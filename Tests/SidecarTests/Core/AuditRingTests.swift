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
