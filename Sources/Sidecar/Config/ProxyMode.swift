// ProxyMode: what the proxy does with a decision (OPA_PROXY_MODE), and with a decision
// the remote OPA could not make (OPA_FAIL_MODE).

/// `track` records and flags violations, `enforce` also blocks, `off` decides nothing.
public enum ProxyMode: String, Sendable, CaseIterable {
    case enforce, track, off
}

/// What a decision the remote OPA could not make (error, timeout, refused connection)
/// does: `open` lets the response through (the runbook's fail-open), `closed` blocks it
/// with 503 in enforce mode. Either way the entry records `opa-unavailable`.
public enum OPAFailMode: String, Sendable, CaseIterable {
    case open, closed
}

/// Log levels, lowest first.
public enum LogLevel: String, Sendable, CaseIterable, Comparable {
    case debug, info, warn, error

    var rank: Int {
        switch self {
        case .debug: return 0
        case .info: return 1
        case .warn: return 2
        case .error: return 3
        }
    }

    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rank < b.rank }
}
