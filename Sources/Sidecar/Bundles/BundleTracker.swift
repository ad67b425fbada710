// BundleTracker: the bundle poller's decisions as a value. Events go in — a request
// sent, the server's answer, an activation's result — and it says what to do next,
// while keeping what OPA's status reports (the revision in force; the times of the last
// request, successful request, download and activation; the failure that stands) and
// the counts the metrics show. Pure: times are arguments, so it is tested without
// sockets and with a fake clock.
// Invariants, OPA's: If-None-Match carries the ETag of the bundle in force, so a bundle
// that failed to activate is downloaded again, and fails again visibly, until the server
// serves a good one; a 304 means the server serves the bundle in force, which clears a
// standing failure; a failure never replaces the policy in force; the sidecar is not
// ready until a first bundle is active, and degraded (never not-ready) after that while
// a failure stands.

/// What the poller knows of its bundle server.
struct BundleTracker: Sendable {
    /// The server's answer to one request.
    enum Answer: Sendable {
        case bundle(archive: [UInt8], etag: String?)
        case notModified
        case failed(BundleFailure)
    }

    /// What the poller does with an answer.
    enum Action: Sendable, Equatable {
        /// Read, compile and install this bundle.
        case activate(archive: [UInt8], etag: String?)
        /// Nothing to compile: the policy in force stays.
        case keep
    }

    /// What readiness says of the bundle.
    enum Readiness: Sendable, Equatable {
        case ready
        /// No bundle activated yet (OPA is not ready until its bundles are): not-ready.
        case waiting(String)
        /// A bundle is in force but the newest attempt failed: degraded.
        case degraded(String)
    }

    /// How many of each outcome, for the metrics.
    struct Counts: Sendable, Equatable {
        var downloadsOK = 0
        var downloadsNotModified = 0
        var downloadErrors = 0
        var activationsOK = 0
        var activationErrors = 0
    }

    let name: String
    let displayURL: String
    private(set) var activeRevision: String?
    /// Sent as If-None-Match: the ETag of the bundle in force.
    private(set) var activeETag: String?
    /// The bytes of the bundle in force: the same bytes served again are not recompiled
    /// (a plain file server that sends no ETag answers every poll with the whole file).
    private(set) var activeArchive: [UInt8]?
    private(set) var lastRequest: Int64?
    private(set) var lastSuccessfulRequest: Int64?
    private(set) var lastSuccessfulDownload: Int64?
    private(set) var lastSuccessfulActivation: Int64?
    private(set) var failure: BundleFailure?
    private(set) var counts = Counts()
    /// How long the last request and the last activation took (OPA's bundle metrics).
    private(set) var lastRequestNanos: UInt64?
    private(set) var lastActivationNanos: UInt64?

    init(name: String, displayURL: String) {
        self.name = name
        self.displayURL = displayURL
    }

    var isActive: Bool { lastSuccessfulActivation != nil }

    mutating func requestSent(at now: Int64) { lastRequest = now }

    /// The server answered `answer` after `tookNanos`.
    mutating func received(_ answer: Answer, at now: Int64, tookNanos: UInt64) -> Action {
        lastRequestNanos = tookNanos
        switch answer {
        case .failed(let f):
            counts.downloadErrors += 1
            failure = f
            return .keep
        case .notModified:
            guard activeETag != nil else {
                // Nothing was asked conditionally: a 304 here is the server's mistake.
                counts.downloadErrors += 1
                failure = BundleFailure(message: "server replied 304 Not Modified to a request without If-None-Match", httpCode: 304)
                return .keep
            }
            counts.downloadsNotModified += 1
            lastSuccessfulRequest = now
            failure = nil
            return .keep
        case .bundle(let archive, let etag):
            counts.downloadsOK += 1
            lastSuccessfulRequest = now
            lastSuccessfulDownload = now
            if isActive && archive == activeArchive {
                activeETag = etag
                failure = nil
                return .keep
            }
            return .activate(archive: archive, etag: etag)
        }
    }

    /// The bundle `archive` (revision `revision`, ETag `etag`) is now in force.
    mutating func activated(revision: String, etag: String?, archive: [UInt8], at now: Int64, tookNanos: UInt64) {
        counts.activationsOK += 1
        activeRevision = revision
        activeETag = etag
        activeArchive = archive
        lastSuccessfulActivation = now
        lastActivationNanos = tookNanos
        failure = nil
    }

    /// The downloaded bundle could not be read or compiled; the one in force stays.
    mutating func activationFailed(_ f: BundleFailure, tookNanos: UInt64) {
        counts.activationErrors += 1
        lastActivationNanos = tookNanos
        failure = f
    }

    var readiness: Readiness {
        guard isActive else {
            let why = failure.map { "the last attempt failed: \($0.message)" } ?? "the first download is in progress"
            return .waiting("no bundle activated yet from \(displayURL) (decisions use the manifest's policy alone): \(why)")
        }
        guard let failure else { return .ready }
        return .degraded("bundle \(name) revision \"\(activeRevision ?? "")\" stays in force: \(failure.message)")
    }
}
