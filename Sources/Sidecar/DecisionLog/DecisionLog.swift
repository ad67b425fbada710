// DecisionLog: ships every decision to DECISION_LOG_URL as OPA decision-log events —
// batched, gzip-compressed, POSTed as one JSON array, retried with backoff, dropped
// oldest-first (and counted) when the collector cannot keep up.
// The request path only calls `nextId` (an atomic add) and `enqueue` (a short lock
// around a ring slot): no JSON, no I/O, no waiting on the collector. Everything else runs
// on the log's own serial queue: every tick (at most 50 ms) it takes the pending records,
// encodes them (DecisionEventEncoder), appends them to the bounded buffer
// (DecisionLogBuffer) and, when the schedule says so (UploadSchedule), takes one batch
// and sends it; the HTTP exchange runs in a task and its end comes back to the queue.
// Invariants: no lock is held across I/O; at most one upload is in flight; every event is
// delivered, dropped and counted, or still held (metrics: agentspec_decision_log_*);
// shutdown makes one bounded final attempt (DECISION_LOG_SHUTDOWN_FLUSH_MS).
import AgentSpec
import Dispatch
import Synchronization

/// The decision log of one sidecar.
final class DecisionLog: Sendable {
    /// Sends one request and waits for the whole answer (HTTPClient.send in the sidecar).
    typealias Transport = @Sendable (HTTPClientRequest) async throws -> HTTPClientResponse

    /// The longest one upload may take before it counts as failed.
    static let uploadTimeoutNanos: UInt64 = 10_000_000_000
    /// How often pending records are encoded and the schedule is consulted: the delay a
    /// record waits at most before it is encoded.
    static let tickNanos: UInt64 = 50_000_000

    let settings: DecisionLogSettings
    private let ids: DecisionIdGenerator
    private let transport: Transport
    private let logger: Logger?
    private let pending: Mutex<PendingRecords>
    private let published = Mutex(DecisionLogStats())
    private let queue = DispatchQueue(label: "agentspec.decision-log")
    private let worker: Worker

    init(settings: DecisionLogSettings, instanceId: String = DecisionId.random().description, version: String = AgentSpecVersion.current,
         ids: DecisionIdGenerator = DecisionIdGenerator(), logger: Logger?, transport: @escaping Transport,
         bundleRevisions: @escaping DecisionEventEncoder.BundleRevisions = DecisionEventEncoder.revisionsInForce) {
        self.settings = settings
        self.ids = ids
        self.transport = transport
        self.logger = logger
        pending = Mutex(PendingRecords(capacity: settings.bufferEvents))
        worker = Worker(encoder: DecisionEventEncoder(instanceId: instanceId, version: version, bundleRevisions: bundleRevisions),
                        buffer: DecisionLogBuffer(maxEvents: settings.bufferEvents, maxBytes: settings.bufferBytes),
                        schedule: UploadSchedule(settings: settings, now: Clock.monotonicNanoseconds()))
    }

    // MARK: - The request path

    /// The id for the next decision.
    func nextId() -> DecisionId { ids.next() }

    /// Hands a decision over; returns at once.
    func enqueue(_ record: DecisionRecord) {
        pending.withLock { $0.append(.decision(record)) }
    }

    /// Hands a Data API query over; returns at once.
    func enqueue(_ query: DataQueryRecord) {
        pending.withLock { $0.append(.dataQuery(query)) }
    }

    // MARK: - Reading

    /// The counters and gauges now.
    var stats: DecisionLogStats {
        var s = published.withLock { $0 }
        let waiting = pending.withLock { $0.count }
        s.bufferEvents += waiting
        return s
    }

    // MARK: - Running

    /// Starts the ticks.
    func start() {
        queue.sync {
            let timer = DispatchSource.makeTimerSource(queue: queue)
            let interval = min(Self.tickNanos, UInt64(settings.flushIntervalMs) * 1_000_000)
            timer.schedule(deadline: .now() + .nanoseconds(Int(interval)), repeating: .nanoseconds(Int(interval)),
                           leeway: .milliseconds(5))
            timer.setEventHandler { [weak self] in self?.tick() }
            timer.resume()
            worker.timer = timer
        }
    }

    /// Encodes what is pending and uploads what is due, now (tests; the ticks do this).
    func tickNow() { queue.sync { tick() } }

    /// Stops the ticks, then tries to deliver everything held within
    /// DECISION_LOG_SHUTDOWN_FLUSH_MS (one attempt per batch, no backoff); what is left is
    /// dropped, counted and logged. Blocks for at most that bound.
    func shutdown() {
        let bound = UInt64(settings.shutdownFlushMs) * 1_000_000
        let done = DispatchSemaphore(value: 0)
        queue.sync {
            worker.timer?.cancel()
            worker.timer = nil
            worker.finalFlush = FinalFlush(deadline: Clock.monotonicNanoseconds() + bound, done: done)
            tick()
        }
        _ = done.wait(timeout: .now() + .nanoseconds(Int(bound)))
        queue.sync {
            let held = worker.buffer.count + worker.inFlight.events
            worker.otherDrops += UInt64(worker.inFlight.events)
            _ = worker.buffer.dropAll()
            worker.inFlight = (0, 0)
            worker.finalFlush?.isOver = true
            publish()
            if held > 0 {
                logger?.warn("decision log events not delivered at shutdown", [
                    ("collector", .string(settings.url.description)), ("events", .int(held)),
                    ("boundMs", .int(settings.shutdownFlushMs)),
                ])
            }
        }
    }

    // MARK: - The queue's work

    /// Encodes the pending records into the buffer, then starts an upload if one is due.
    private func tick() {
        let (records, dropped) = pending.withLock { $0.drain() }
        worker.otherDrops += UInt64(dropped)
        let limit = settings.uploadLimitBytes
        for handed in records {
            // What names the event in a warning: the request, or the Data API query's decision.
            let event: [UInt8], named: (String, String)
            switch handed {
            case .decision(let record): (event, named) = (worker.encoder.encode(record), ("requestId", record.requestId))
            case .dataQuery(let query): (event, named) = (worker.encoder.encode(query), ("decisionId", query.id.description))
            }
            // The array's brackets count: an event that cannot fit one upload never will.
            guard event.count + 2 <= limit else {
                worker.otherDrops += 1
                if !worker.hasWarnedOversize {
                    worker.hasWarnedOversize = true
                    logger?.warn("decision log event larger than DECISION_LOG_UPLOAD_LIMIT_BYTES dropped", [
                        (named.0, .string(named.1)), ("bytes", .int(event.count)), ("limit", .int(limit)),
                    ])
                }
                continue
            }
            worker.buffer.append(event)
        }
        noteDrops()
        uploadIfDue()
        publish()
    }

    private func uploadIfDue() {
        let now = Clock.monotonicNanoseconds()
        if let final = worker.finalFlush {
            guard !final.isOver, !worker.schedule.isUploading else { return }
            guard !worker.buffer.isEmpty, now < final.deadline else {
                worker.finalFlush?.isOver = true
                final.done.signal()
                return
            }
        } else {
            guard worker.schedule.isDue(now: now, events: worker.buffer.count, bytes: worker.buffer.bytes) else { return }
        }
        let batch = worker.buffer.takeBatch(limitBytes: settings.uploadLimitBytes)
        guard !batch.isEmpty else { return }
        if worker.schedule.failures > 0 { worker.stats.retries += 1 }
        worker.schedule.began()
        var json: [UInt8] = []
        json.reserveCapacity(batch.reduce(2) { $0 + $1.count + 1 })
        json.append(UInt8(ascii: "["))
        for (i, event) in batch.enumerated() {
            if i > 0 { json.append(UInt8(ascii: ",")) }
            json += event
        }
        json.append(UInt8(ascii: "]"))
        worker.inFlight = (batch.count, json.count - batch.count - 1)
        var timeout = Self.uploadTimeoutNanos
        if let final = worker.finalFlush { timeout = min(timeout, final.deadline > now ? final.deadline - now : 1) }
        let request = Self.request(settings, body: Gzip.compress(json, level: Int32(settings.gzipLevel)), timeoutNanos: timeout)
        let transport = self.transport
        Task {
            let failure: String?
            var status: Int?
            do {
                let response = try await transport(request)
                status = response.head.status
                failure = (200...299).contains(response.head.status) ? nil : "the collector answered HTTP \(response.head.status)"
            } catch {
                failure = "\(error)"
            }
            let answered = status
            self.queue.async { self.uploadEnded(batch, failure: failure, status: answered) }
        }
    }

    /// The POST of one gzip-compressed batch, as OPA's decision-log service API has it.
    static func request(_ settings: DecisionLogSettings, body: [UInt8], timeoutNanos: UInt64) -> HTTPClientRequest {
        var headers: HTTPHeaders = ["Content-Type": "application/json", "Content-Encoding": "gzip"]
        if let token = settings.token { headers.add(name: "Authorization", value: "Bearer " + token) }
        return HTTPClientRequest(url: settings.postURL, method: .post, headers: headers, body: body, timeoutNanos: timeoutNanos)
    }

    private func uploadEnded(_ batch: [[UInt8]], failure: String?, status: Int?) {
        worker.inFlight = (0, 0)
        let now = Clock.monotonicNanoseconds()
        if worker.finalFlush?.isOver == true {
            // Shutdown has given up on this upload and counted its events as dropped.
            worker.schedule.ended(ok: failure == nil, now: now, draw: 0)
            return
        }
        worker.stats.lastError = failure
        worker.stats.lastHTTPCode = failure == nil ? nil : status
        if let failure {
            worker.stats.uploadsFailed += 1
            worker.buffer.putBack(batch)
            let wait = worker.schedule.ended(ok: false, now: now, draw: Double(worker.random.next() >> 11) / Double(1 << 53))
            if worker.failingUploads == 0 {
                logger?.warn("decision log upload failed; events stay buffered and are retried", [
                    ("collector", .string(settings.url.description)), ("reason", .string(failure)),
                    ("retryInMs", .int(Int(wait / 1_000_000))),
                ])
            }
            worker.failingUploads += 1
            // During shutdown one attempt is all there is.
            if let final = worker.finalFlush {
                worker.finalFlush?.isOver = true
                final.done.signal()
            }
            noteDrops()
        } else {
            worker.stats.uploadsOK += 1
            worker.stats.delivered += UInt64(batch.count)
            worker.schedule.ended(ok: true, now: now, draw: 0)
            if worker.failingUploads > 0 {
                logger?.info("decision log uploads succeed again", [
                    ("collector", .string(settings.url.description)), ("failedUploads", .int(worker.failingUploads)),
                ])
            }
            worker.failingUploads = 0
            worker.hasWarnedDrops = false
        }
        uploadIfDue()
        publish()
    }

    /// Logs the first drop of an episode (until an upload succeeds again).
    private func noteDrops() {
        let dropped = worker.otherDrops + worker.buffer.dropped
        guard dropped > worker.stats.dropped, !worker.hasWarnedDrops else { return }
        worker.hasWarnedDrops = true
        logger?.warn("decision log buffer full; the oldest events are dropped", [
            ("collector", .string(settings.url.description)), ("bufferEvents", .int(settings.bufferEvents)),
            ("bufferBytes", .int(settings.bufferBytes)),
        ])
    }

    /// Makes the numbers of the queue's state readable from any thread.
    private func publish() {
        var s = worker.stats
        s.dropped = worker.otherDrops + worker.buffer.dropped
        worker.stats.dropped = s.dropped
        s.bufferEvents = worker.buffer.count + worker.inFlight.events
        s.bufferBytes = worker.buffer.bytes + worker.inFlight.bytes
        published.withLock { $0 = s }
    }
}

/// The shutdown's last attempt: its deadline, and who waits for its end.
private struct FinalFlush {
    let deadline: UInt64
    let done: DispatchSemaphore
    var isOver = false
}

/// The state the log's queue owns; touched only on that queue.
private final class Worker: @unchecked Sendable {
    var encoder: DecisionEventEncoder
    var buffer: DecisionLogBuffer
    var schedule: UploadSchedule
    var stats = DecisionLogStats()
    /// Drops outside the buffer: pending records given way, oversized events, shutdown.
    var otherDrops: UInt64 = 0
    /// The batch being uploaded: events and bytes.
    var inFlight: (events: Int, bytes: Int) = (0, 0)
    var random = FastRandom()
    var timer: DispatchSourceTimer?
    var finalFlush: FinalFlush?
    var failingUploads = 0
    var hasWarnedDrops = false
    var hasWarnedOversize = false

    init(encoder: DecisionEventEncoder, buffer: DecisionLogBuffer, schedule: UploadSchedule) {
        self.encoder = encoder
        self.buffer = buffer
        self.schedule = schedule
    }
}
