// HTTPClientError: why an upstream request failed, in the terms a proxy maps to a status.
// Invariant: refused, timed out and reset are distinct cases, so 502 and 504 are never
// guessed from an error message.
import SystemCalls

/// A failed upstream request.
package enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing listens at the upstream address (ECONNREFUSED).
    case connectionRefused
    /// The address cannot be reached or resolved.
    case unreachable(String)
    /// The TCP connection was not established within the connect timeout.
    case connectTimeout
    /// No response head arrived within the response timeout.
    case responseTimeout
    /// The response body made no progress within the idle timeout.
    case idleTimeout
    /// The upstream closed or reset the connection before the response was complete.
    case connectionReset
    /// The upstream sent something that is not a valid HTTP/1.1 response.
    case malformedResponse(String)
    /// The request was cancelled by the caller.
    case cancelled
    /// The response body passed the request's `maxResponseBodyBytes`.
    case responseTooLarge(limit: Int)

    /// Whether the failure means the upstream did not answer in time (504) rather than
    /// could not be reached or spoke nonsense (502).
    package var isTimeout: Bool {
        switch self {
        case .connectTimeout, .responseTimeout, .idleTimeout: return true
        default: return false
        }
    }

    package var description: String {
        switch self {
        case .connectionRefused: return "connection refused"
        case .unreachable(let reason): return "upstream unreachable: \(reason)"
        case .connectTimeout: return "connect timed out"
        case .responseTimeout: return "no response within the timeout"
        case .idleTimeout: return "response body stalled"
        case .connectionReset: return "connection reset by upstream"
        case .malformedResponse(let reason): return "malformed response: \(reason)"
        case .cancelled: return "cancelled"
        case .responseTooLarge(let limit): return "response body larger than the \(limit) bytes allowed"
        }
    }

    static func from(_ error: SystemError) -> HTTPClientError {
        if error.isConnectionRefused { return .connectionRefused }
        if error.isConnectionReset { return .connectionReset }
        if error.errno == ETIMEDOUT_VALUE { return .connectTimeout }
        return .unreachable(error.description)
    }

    /// A failed HTTPS transfer (libcurl's reason kept where it is the only one).
    static func from(_ failure: CurlFailure) -> HTTPClientError {
        switch failure.kind {
        case .couldNotConnect: return .connectionRefused
        case .timedOut: return .responseTimeout
        case .connectionLost: return .connectionReset
        case .aborted: return .cancelled
        case .unavailable, .couldNotResolve, .other: return .unreachable(failure.message)
        }
    }
}

/// ETIMEDOUT on Linux (kept here so this file needs no Glibc import).
private let ETIMEDOUT_VALUE: Int32 = 110
