// StatusReporter: POSTs the status document to STATUS_URL (OPA's status service API:
// `Content-Type: application/json`, any 2xx accepted) when it starts, every
// STATUS_INTERVAL_S, and as soon as a section says something changed (a bundle
// activated or failed). Invariants: reports go one at a time, each built when it is
// sent (never an older document after a newer one); a failed report is not retried
// early (the next one carries the newer state anyway); a failing status service is
// logged when it starts failing and when it answers again, not once per report; the
// token is sent, never logged.
import AgentSpec
import PolicyVM
import Synchronization

/// Sends status reports in the background.
final class StatusReporter: Sendable {
    typealias Transport = @Sendable (HTTPClientRequest) async throws(HTTPClientError) -> HTTPClientResponse
    /// A status service slower than this is abandoned for this report.
    static let timeoutNanos: UInt64 = 10_000_000_000

    let settings: StatusSettings
    private let document: @Sendable () -> Value
    private let transport: Transport
    private let logger: Logger
    private let wakeup = Wakeup()
    /// Why the last report failed (nil after a delivered one): logs name transitions only.
    private let lastFailure = Mutex<String?>(nil)

    init(settings: StatusSettings, logger: Logger, transport: @escaping Transport, document: @escaping @Sendable () -> Value) {
        self.settings = settings
        self.logger = logger
        self.transport = transport
        self.document = document
    }

    /// Starts reporting: one report now, then every interval or on `reportSoon()`.
    func start() {
        let interval = UInt64(settings.intervalSeconds) * 1_000_000_000
        wakeup.repeatUntilStopped(delay: { interval }, { [self] in await report() })
    }

    /// Something changed: the next report goes now rather than at the interval.
    func reportSoon() { wakeup.signal() }

    func stop() { wakeup.stop() }

    /// The request for `body`.
    static func request(_ settings: StatusSettings, body: Value) -> HTTPClientRequest {
        var headers: HTTPHeaders = ["Content-Type": "application/json", "User-Agent": "agentspec-sidecar/\(AgentSpecVersion.current)"]
        if let token = settings.token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        return HTTPClientRequest(url: settings.requestURL, method: .post, headers: headers, body: Array(JSONWriter.write(body).utf8),
                                 timeoutNanos: timeoutNanos)
    }

    private func report() async {
        let request = Self.request(settings, body: document())
        let failure: String?
        do {
            let response = try await transport(request)
            failure = (200..<300).contains(response.head.status) ? nil : "the status service answered HTTP \(response.head.status)"
        } catch {
            failure = "\(error)"
        }
        let before = lastFailure.withLock { last -> String? in
            defer { last = failure }
            return last
        }
        switch (before, failure) {
        case (nil, let reason?):
            logger.warn("status report failed; reports continue every interval", [
                ("statusURL", .string(settings.displayURL)), ("reason", .string(reason)),
            ])
        case (let reason?, nil):
            logger.info("status reports delivered again", [("statusURL", .string(settings.displayURL)), ("lastReason", .string(reason))])
        default:
            break
        }
    }
}
