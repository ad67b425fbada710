// DecisionLogSettings: the DECISION_LOG_* variables of `agentspec sidecar`. Decision
// logging is on exactly when DECISION_LOG_URL is set; the tuning variables are read only
// then. A bad value is one configuration error naming the variable, the value and the
// rule, as every other variable's (SidecarConfiguration).
// Invariant: the token is held here and sent only in the collector's Authorization field;
// the settings' description says only whether one is set, so no log line or dump of
// the settings prints it.

/// Where and how decision-log events are shipped.
public struct DecisionLogSettings: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Defaults, each with its reason.
    public enum Defaults {
        /// A quiet sidecar's events still leave within seconds; a busy one fills batches first.
        public static let flushIntervalMs = 5_000
        /// JSON bytes per upload before gzip. OPA bounds the gzip body by 32 KiB; 256 KiB of
        /// decision JSON compresses to about that, and bounding the text instead of the
        /// gzip keeps every body under any limit a collector set for OPA.
        public static let uploadLimitBytes = 256 * 1024
        /// Events held while the collector is down or slow (OPA's event buffer default).
        public static let bufferEvents = 10_000
        /// Bytes of encoded events held: with the event bound, memory stays bounded even
        /// when events are large.
        public static let bufferBytes = 16 * 1024 * 1024
        /// First retry delay and the ceiling the doubling stops at.
        public static let retryMinMs = 100
        public static let retryMaxMs = 30_000
        /// How long shutdown waits for the last upload.
        public static let shutdownFlushMs = 3_000
        /// zlib's fastest compressing level: decision JSON repeats its keys and shrinks
        /// about tenfold even so (a fleet's collector receives a tenth of the bytes), at
        /// about 34 instructions per byte — more than the proxied request itself costs
        /// per event. 0 sends stored (uncompressed) gzip at about 4 per byte (the CRC).
        public static let gzipLevel = 1
    }

    /// The variables, for help texts and tests.
    public static let variables = [
        "DECISION_LOG_URL", "DECISION_LOG_TOKEN", "DECISION_LOG_FLUSH_INTERVAL_MS", "DECISION_LOG_UPLOAD_LIMIT_BYTES",
        "DECISION_LOG_BUFFER_EVENTS", "DECISION_LOG_BUFFER_BYTES", "DECISION_LOG_RETRY_MIN_MS", "DECISION_LOG_RETRY_MAX_MS",
        "DECISION_LOG_SHUTDOWN_FLUSH_MS", "DECISION_LOG_GZIP_LEVEL",
    ]

    /// The collector (OPA's collectors listen on `{service}/logs`), as logs name it.
    public var url: HTTPURL
    /// The URL each batch is POSTed to: `url` with the query DECISION_LOG_URL gave, so a
    /// signed URL keeps its signature (never logged: a query may carry a credential).
    var postURL: String
    /// Sent as `Authorization: Bearer <token>` when set.
    var token: String?
    public var flushIntervalMs = Defaults.flushIntervalMs
    public var uploadLimitBytes = Defaults.uploadLimitBytes
    public var bufferEvents = Defaults.bufferEvents
    public var bufferBytes = Defaults.bufferBytes
    public var retryMinMs = Defaults.retryMinMs
    public var retryMaxMs = Defaults.retryMaxMs
    public var shutdownFlushMs = Defaults.shutdownFlushMs
    /// zlib's level for each upload's gzip body, 0 (stored) … 9 (smallest).
    public var gzipLevel = Defaults.gzipLevel

    public init(url: HTTPURL, query: String? = nil, token: String? = nil) {
        self.url = url
        self.postURL = url.description + (query.map { "?" + $0 } ?? "")
        self.token = token
    }

    public var hasToken: Bool { token != nil }

    /// The query of a URL (after `?`, before any `#`), nil when it has none.
    static func query(of raw: String) -> String? {
        guard let mark = raw.firstIndex(of: "?") else { return nil }
        let rest = raw[raw.index(after: mark)...]
        let query = rest[..<(rest.firstIndex(of: "#") ?? rest.endIndex)]
        return query.isEmpty ? nil : String(query)
    }

    /// Every setting but the token's value (whether one is set, only).
    public var description: String {
        "DecisionLogSettings(url: \(url.description), token: \(hasToken ? "set" : "unset"), flushIntervalMs: \(flushIntervalMs), "
            + "uploadLimitBytes: \(uploadLimitBytes), bufferEvents: \(bufferEvents), bufferBytes: \(bufferBytes), "
            + "retryMinMs: \(retryMinMs), retryMaxMs: \(retryMaxMs), shutdownFlushMs: \(shutdownFlushMs), gzipLevel: \(gzipLevel))"
    }

    public var debugDescription: String { description }

    /// The settings, or nil when DECISION_LOG_URL is unset. `value` reads a variable (nil
    /// when unset or empty); `fail` makes the error for a variable, its value and the rule.
    static func load(value: (String) -> String?,
                     fail: (String, String, String) -> ConfigurationError) throws(ConfigurationError) -> DecisionLogSettings? {
        guard let raw = value("DECISION_LOG_URL") else { return nil }
        let url = try URLVariable.parse("DECISION_LOG_URL", raw, rule: "must use http: or https: protocol", fail: fail)
        func positive(_ name: String, _ fallback: Int) throws(ConfigurationError) -> Int {
            guard let raw = value(name) else { return fallback }
            guard let n = Int(raw), n >= 1 else { throw fail(name, raw, "must be a positive integer (≥ 1)") }
            return n
        }
        var s = DecisionLogSettings(url: url, query: Self.query(of: raw), token: value("DECISION_LOG_TOKEN"))
        s.flushIntervalMs = try positive("DECISION_LOG_FLUSH_INTERVAL_MS", Defaults.flushIntervalMs)
        s.uploadLimitBytes = try positive("DECISION_LOG_UPLOAD_LIMIT_BYTES", Defaults.uploadLimitBytes)
        s.bufferEvents = try positive("DECISION_LOG_BUFFER_EVENTS", Defaults.bufferEvents)
        s.bufferBytes = try positive("DECISION_LOG_BUFFER_BYTES", Defaults.bufferBytes)
        s.retryMinMs = try positive("DECISION_LOG_RETRY_MIN_MS", Defaults.retryMinMs)
        s.retryMaxMs = try positive("DECISION_LOG_RETRY_MAX_MS", Defaults.retryMaxMs)
        s.shutdownFlushMs = try positive("DECISION_LOG_SHUTDOWN_FLUSH_MS", Defaults.shutdownFlushMs)
        if let raw = value("DECISION_LOG_GZIP_LEVEL") {
            guard let level = Int(raw), (0...9).contains(level) else {
                throw fail("DECISION_LOG_GZIP_LEVEL", raw, "must be a zlib level from 0 (stored, no compression) to 9 (smallest)")
            }
            s.gzipLevel = level
        }
        if s.retryMinMs > s.retryMaxMs {
            throw fail("DECISION_LOG_RETRY_MIN_MS", String(s.retryMinMs),
                       "must not exceed DECISION_LOG_RETRY_MAX_MS (\(s.retryMaxMs))")
        }
        return s
    }
}
