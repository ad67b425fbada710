// ReportFields: the X-AgentSpec-* fields the agent reports in and the sidecar answers
// with, prepared once for lookups from the contract's spelling (AgentReportHeader), as
// cheap to compare as the HTTP layer's literal constants.
// They are the sidecar's contract with the agent, so they live beside the decision, not
// in the generic HTTP layer.
import AgentSpec

/// The prepared X-AgentSpec-* field names.
enum ReportFields {
    /// Every field the agent and the sidecar exchange starts with this (ASCII case
    /// ignored); none crosses the proxy in either direction.
    static let prefix = HTTPFieldName(interned: AgentReportHeader.prefix)
    /// The prefixes a client's request fields are removed by: the prefix, and its
    /// spellings with `_` for `-`. CGI, WSGI and Rack turn every `-` of a field name into
    /// `_`, so an agent on one of them reads `X_AgentSpec_User_Confirmed` as the same
    /// variable as `X-AgentSpec-User-Confirmed` (HTTP_X_AGENTSPEC_USER_CONFIRMED).
    static let clientPrefixes: [String] = ["-", "_"].flatMap { first in
        ["-", "_"].map { second in "X" + first + "AgentSpec" + second }
    }
    static let guardrailsInvoked = HTTPFieldName(interned: AgentReportHeader.guardrailsInvoked)
    static let toolsCalled = HTTPFieldName(interned: AgentReportHeader.toolsCalled)
    static let userConfirmed = HTTPFieldName(interned: AgentReportHeader.userConfirmed)
    /// Set by the sidecar on a response whose decision found violations.
    static let violations = HTTPFieldName(interned: AgentReportHeader.violations)
    /// The fields the agent reports its behaviour in.
    static let reported = [guardrailsInvoked, toolsCalled, userConfirmed]
}
