// HumanInTheLoop: `spec.humanInTheLoop` — when a person must approve an action.

/// `spec.humanInTheLoop`.
public struct HumanInTheLoop: Sendable {
    /// What needs approval.
    public enum Approval: String, Sendable, CaseIterable {
        case beforeDestructiveTool = "before-destructive-tool", beforeExternalCall = "before-external-call"
        case onLowConfidence = "on-low-confidence", onHighCost = "on-high-cost", always
    }
    /// What happens when nobody answers in time.
    public enum TimeoutAction: String, Sendable, CaseIterable { case reject, proceed, escalate }
    /// Where approval requests go.
    public enum Channel: String, Sendable, CaseIterable { case slack, email, webhook, console }

    public var enabled: Bool = false
    public var approvalRequired: [Approval] = []
    public var timeoutSeconds: Int = 300
    public var timeoutAction: TimeoutAction = .reject
    public var notifyVia: [Channel] = []
    public var webhookUrl: RefOrLiteral?
}
