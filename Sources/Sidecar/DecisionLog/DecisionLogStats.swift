// DecisionLogStats: the decision log's counters and gauges, and their Prometheus text
// under the names fixed for the fleet (`agentspec_decision_log_*`), appended to
// GET /agentspec/metrics when DECISION_LOG_URL is set.
// Invariant: `dropped` counts every event lost before the collector took it — buffer
// overflow, an event too large for one upload, events left at shutdown — once each.

/// What the decision log has done so far.
struct DecisionLogStats: Sendable, Equatable {
    var uploadsOK: UInt64 = 0
    var uploadsFailed: UInt64 = 0
    /// Uploads that re-sent events a failed upload had taken.
    var retries: UInt64 = 0
    var dropped: UInt64 = 0
    /// Events held: waiting to be encoded, encoded and waiting, and in the upload in flight.
    var bufferEvents = 0
    /// Bytes of the encoded events held (waiting and in flight).
    var bufferBytes = 0
    /// Events the collector acknowledged.
    var delivered: UInt64 = 0
    /// Why the newest upload failed, and the collector's status when it answered (nil
    /// once an upload succeeds): the log's part of status.
    var lastError: String?
    var lastHTTPCode: Int?

    /// The Prometheus text exposition of these numbers.
    var prometheusText: String {
        var out = ""
        func family(_ name: String, _ type: String, _ help: String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        }
        family("agentspec_decision_log_uploads_total", "counter", "Decision-log uploads to DECISION_LOG_URL by result.")
        out += "agentspec_decision_log_uploads_total{result=\"ok\"} \(uploadsOK)\n"
        out += "agentspec_decision_log_uploads_total{result=\"error\"} \(uploadsFailed)\n"
        family("agentspec_decision_log_retries_total", "counter", "Decision-log uploads that re-sent events of a failed upload.")
        out += "agentspec_decision_log_retries_total \(retries)\n"
        family("agentspec_decision_log_dropped_total", "counter",
               "Decision-log events dropped before the collector took them (buffer full: oldest first).")
        out += "agentspec_decision_log_dropped_total \(dropped)\n"
        family("agentspec_decision_log_buffer_events", "gauge", "Decision-log events held in memory, the upload in flight included.")
        out += "agentspec_decision_log_buffer_events \(bufferEvents)\n"
        family("agentspec_decision_log_buffer_bytes", "gauge", "Bytes of encoded decision-log events held, the upload in flight included.")
        out += "agentspec_decision_log_buffer_bytes \(bufferBytes)\n"
        return out
    }
}
