// VerdictResponse: a verdict as HTTP — the agent's head with the violations field, the
// enforce-mode 403, or the fail-closed 503 — in the contract's exact shapes.
// Invariant: a replacement carries none of the agent's fields, only ours (Content-Type,
// the violations field, X-Request-Id); its body is the contract's JSON.
import PolicyVM

extension VerdictAction {
    /// Applies the action to the agent's head: nil when the head goes out (flagged in
    /// place), or the complete response that replaces the agent's.
    func replacement(for head: inout HTTPResponseHead, requestId: String) -> (head: HTTPResponseHead, body: [UInt8])? {
        switch self {
        case .forward:
            return nil
        case .flag(let violations):
            head.headers.replaceOrAdd(ReportFields.violations, value: violations.joined(separator: ","))
            return nil
        case .block(let violations):
            return (Self.blockedHead(violations, requestId: requestId), Self.blockedBody(violations))
        case .unavailable:
            return (Self.unavailableHead(requestId: requestId), Self.unavailableBody(requestId: requestId))
        }
    }

    /// The enforce-mode answer: none of the agent's headers, only ours.
    static func blockedHead(_ violations: [String], requestId: String) -> HTTPResponseHead {
        var head = HTTPResponseHead(status: 403, headers: ["Content-Type": "application/json"])
        head.headers.add(ReportFields.violations, value: violations.joined(separator: ","))
        head.headers.add(.xRequestId, value: requestId)
        return head
    }

    static func blockedBody(_ violations: [String]) -> [UInt8] {
        let body: Value = .object([
            "error": "PolicyViolation", "blocked": .true, "violations": .array(violations.map(Value.string)),
            "message": .string("Request blocked by OPA policy: " + violations.joined(separator: ", ")),
        ])
        return Array(JSONWriter.write(body).utf8)
    }

    /// The fail-closed answer (enforce mode, OPA_FAIL_MODE=closed, no usable decision).
    static func unavailableHead(requestId: String) -> HTTPResponseHead {
        var head = HTTPResponseHead(status: 503, headers: ["Content-Type": "application/json"])
        head.headers.add(.xRequestId, value: requestId)
        return head
    }

    /// Says why without the failure's details (addresses, errors): those are for the log.
    static func unavailableBody(requestId: String) -> [UInt8] {
        let body: Value = .object([
            "error": "PolicyUnavailable", "blocked": .true, "requestId": .string(requestId),
            "message": "The policy decision could not be made (the remote OPA is unavailable); OPA_FAIL_MODE=closed blocks the response",
        ])
        return Array(JSONWriter.write(body).utf8)
    }
}
