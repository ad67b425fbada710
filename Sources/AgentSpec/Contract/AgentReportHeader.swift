// AgentReportHeader: the X-AgentSpec-* response fields an agent reports its behaviour in
// (HeaderReporting) and the one the sidecar sets, spelled once. The sidecar reads and
// strips them, the example agent writes them, the documentation names them.

/// The names of the X-AgentSpec-* fields.
public enum AgentReportHeader {
    /// Every field the agent and the sidecar exchange starts with this (ASCII case
    /// ignored); none crosses the proxy in either direction.
    public static let prefix = "X-AgentSpec-"
    /// Comma-separated guardrail types the agent ran for the request.
    public static let guardrailsInvoked = "X-AgentSpec-Guardrails-Invoked"
    /// Comma-separated tool names the agent called for the request.
    public static let toolsCalled = "X-AgentSpec-Tools-Called"
    /// `true` when the user confirmed the action.
    public static let userConfirmed = "X-AgentSpec-User-Confirmed"
    /// Set by the sidecar: the violation ids of the decision, comma-separated.
    public static let violations = "X-AgentSpec-OPA-Violations"

    /// The fields the agent reports in, in the order the contract lists them.
    public static let reported = [guardrailsInvoked, toolsCalled, userConfirmed]
}
