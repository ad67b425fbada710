// DecisionLog's delivery, without sockets: while the collector fails, events stay
// buffered and are retried; past the buffer's bound the oldest are dropped, and once the
// collector answers again the drop counter equals exactly the events it never received
// (the newest are the ones delivered); shutdown makes one bounded last attempt and counts
// what it could not deliver.
import AgentSpec
import Dispatch
import PolicyVM
import Synchronization
import Testing
@testable import Sidecar

/// A collector transport that fails while `isDown`.
final class SwitchableCollector: Sendable {
    let isDown = Mutex(true)
    let inner = CapturingCollector()

    var transport: DecisionLog.Transport {
        { @Sendable [self] request in
            if isDown.withLock({ $0 }) { throw HTTPClientError.connectionRefused }
            return try await inner.transport(request)
        }
    }
}

@Suite struct DecisionLogDeliveryTests {
    static func log(bufferEvents: Int, transport: @escaping DecisionLog.Transport, shutdownMs: Int = 2_000,
                    gzipLevel: Int = DecisionLogSettings.Defaults.gzipLevel) -> DecisionLog {
        var settings = DecisionLogSettings(url: HTTPURL("http://collector.test/logs")!)
        settings.gzipLevel = gzipLevel
        settings.bufferEvents = bufferEvents
        settings.flushIntervalMs = 1
        settings.retryMinMs = 1
        settings.retryMaxMs = 2
        settings.shutdownFlushMs = shutdownMs
        return DecisionLog(settings: settings, logger: nil, transport: transport)
    }

    /// A decision record with a fresh id; returns the id.
    static func enqueue(_ log: DecisionLog, _ n: Int) -> String {
        var decision = Decision(violations: [], source: .embedded, nanoseconds: 1)
        decision.id = log.nextId()
        log.enqueue(DecisionRecord(requestId: "r\(n)", policy: DecisionHarness.policy,
                                   facts: AuditFacts(reported: .report(BehaviourReport()), decision: decision, usage: DailyUsage()),
                                   unixNanos: 0))
        return decision.id!.description
    }

    /// Ticks `log` until `condition` holds for its stats.
    static func settle(_ log: DecisionLog, _ what: String, _ condition: (DecisionLogStats) -> Bool) async throws {
        for _ in 0..<10_000 {
            log.tickNow()
            if condition(log.stats) { return }
            try await Task.sleep(nanoseconds: 1_000_000)
        }
        throw DecisionLogTestError("\(what) never happened: \(log.stats)")
    }

    static func receivedIds(_ collector: CapturingCollector) throws -> [String] {
        try collector.events().compactMap { $0["decision_id"]?.stringValue }
    }

    @Test func overflowDropsTheOldestAndTheCounterEqualsWhatTheCollectorMissed() async throws {
        let collector = SwitchableCollector()
        let log = Self.log(bufferEvents: 5, transport: collector.transport)
        var ids: [String] = []
        for n in 0..<20 {
            ids.append(Self.enqueue(log, n))
            if n % 4 == 0 { log.tickNow() }  // some are encoded (and fail to upload) as they come
        }
        try await Self.settle(log, "the failed uploads and the overflow") { $0.uploadsFailed >= 1 && $0.dropped == 15 && $0.bufferEvents == 5 }
        #expect(try Self.receivedIds(collector.inner).isEmpty)
        collector.isDown.withLock { $0 = false }
        try await Self.settle(log, "the delivery of what is buffered") { $0.bufferEvents == 0 && $0.uploadsOK >= 1 }
        let received = try Self.receivedIds(collector.inner)
        let stats = log.stats
        #expect(Set(received).count == received.count, "no event delivered twice")
        #expect(Int(stats.dropped) == ids.count - Set(received).count, "every missing event is counted, once")
        #expect(received == Array(ids.suffix(5)), "the newest five are the ones kept")
        #expect(stats.retries >= 1 && stats.delivered == 5)
    }

    @Test func eventsHeldDuringAnOutageAreDeliveredInOrder() async throws {
        let collector = SwitchableCollector()
        let log = Self.log(bufferEvents: 100, transport: collector.transport)
        let ids = (0..<30).map { Self.enqueue(log, $0) }
        try await Self.settle(log, "a few failed uploads") { $0.uploadsFailed >= 3 }
        // Status says so while uploads fail, as OPA's decision_logs part does.
        #expect(log.pluginState() == .error)
        let part = log.statusFields()
        #expect(part.map(\.key) == ["decision_logs"])
        if case .object(let o)? = part.first?.value {
            #expect(o["code"] == "decision_logs_error" && o["message"] != nil)
        }
        collector.isDown.withLock { $0 = false }
        try await Self.settle(log, "the delivery") { $0.bufferEvents == 0 }
        #expect(try Self.receivedIds(collector.inner) == ids)
        #expect(log.stats.dropped == 0)
        #expect(log.pluginState() == .ok && log.statusFields().isEmpty)
    }

    /// `log.shutdown()` on a thread of its own, as the sidecar's main thread calls it: it
    /// blocks, and the upload it waits for runs on the Swift task pool, which a blocked
    /// test thread could starve.
    static func shutDown(_ log: DecisionLog) async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                log.shutdown()
                done.resume()
            }
        }
    }

    @Test func shutdownDeliversWhatIsHeld() async throws {
        let collector = CapturingCollector()
        // A generous bound (shutdown returns as soon as the upload is answered): the upload's
        // task may wait for the task pool, which blocking tests elsewhere in the run can
        // hold for a minute and more on a loaded 2-core machine.
        let log = Self.log(bufferEvents: 100, transport: collector.transport, shutdownMs: 180_000)
        log.start()
        let ids = (0..<7).map { Self.enqueue(log, $0) }
        await Self.shutDown(log)
        #expect(try Self.receivedIds(collector) == ids)
        #expect(log.stats.dropped == 0 && log.stats.bufferEvents == 0)
    }

    @Test func everyGzipLevelSendsTheSameEventsAndLevelZeroIsStored() async throws {
        var bodies: [Int: [UInt8]] = [:]
        var events: [Int: [String]] = [:]
        for level in [0, 1, 9] {
            let collector = CapturingCollector()
            let log = Self.log(bufferEvents: 100, transport: collector.transport, shutdownMs: 180_000, gzipLevel: level)
            log.start()
            for n in 0..<20 { _ = Self.enqueue(log, n) }
            await Self.shutDown(log)
            bodies[level] = collector.received.flatMap(\.body)
            events[level] = try collector.events().compactMap { $0["request_id"]?.stringValue }
        }
        #expect(events[0] == (0..<20).map { "r\($0)" } && events[1] == events[0] && events[9] == events[0])
        let stored = try #require(bodies[0]), fast = try #require(bodies[1])
        let json = try Gzip.decompress(stored, limit: 1 << 24)
        // Stored deflate blocks: the JSON travels as it is, inside the gzip frame.
        #expect(stored.count > json.count && stored.count < json.count + 64)
        #expect(fast.count * 4 < stored.count, "level 1 compresses (\(fast.count) vs \(stored.count) bytes)")
    }

    @Test func shutdownGivesUpWithinItsBoundAndCountsWhatIsLeft() async throws {
        let collector = SwitchableCollector()
        let log = Self.log(bufferEvents: 100, transport: collector.transport, shutdownMs: 200)
        _ = (0..<7).map { Self.enqueue(log, $0) }
        await Self.shutDown(log)
        #expect(log.stats.dropped == 7 && log.stats.bufferEvents == 0)
    }
}
