// StatusSettings: where the sidecar POSTs its status reports (STATUS_URL, OPA's
// `{service}/status`), how often besides every bundle change (STATUS_INTERVAL_S), and the
// bearer token it sends (STATUS_TOKEN). Without STATUS_URL nothing is sent, and the same
// document is still served at GET /agentspec/status. Invariant: the token is never shown.

/// The status service the sidecar reports to.
public struct StatusSettings: Sendable, Equatable {
    /// A report at least this often (seconds) even when nothing changed, so a collector
    /// can tell a quiet sidecar from a gone one.
    public static let defaultIntervalSeconds = 60

    /// The URL as given, for the request only.
    public var requestURL: String
    /// Scheme, authority and path: what logs show.
    public var displayURL: String
    public var intervalSeconds: Int
    /// Sent as `Authorization: Bearer …`; a secret.
    public var token: String?

    /// Reads the status variables; nil without STATUS_URL (and then the others may not be set).
    static func load(value: (String) -> String?,
                     fail: (String, String, String) -> ConfigurationError) throws(ConfigurationError) -> StatusSettings? {
        guard let raw = value("STATUS_URL") else {
            try FleetVariables.requireNone(["STATUS_INTERVAL_S", "STATUS_TOKEN"], without: "STATUS_URL", value: value, fail: fail)
            return nil
        }
        let url = try URLVariable.parse("STATUS_URL", raw, rule: "must be an absolute http: or https: URL", fail: fail)
        let interval = try FleetVariables.seconds("STATUS_INTERVAL_S", defaultIntervalSeconds, value: value, fail: fail)
        return StatusSettings(requestURL: raw, displayURL: url.description, intervalSeconds: interval, token: value("STATUS_TOKEN"))
    }
}
