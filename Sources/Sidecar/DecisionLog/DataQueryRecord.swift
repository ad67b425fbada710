// DataQueryRecord: a decision made through OPA's Data API on the control plane
// (`GET`/`POST /v1/data/{path}`) as handed to the decision log — OPA logs every Data API
// query, so a fleet's collector sees these beside the agent's decisions, under the same
// labels and bundle revisions. The event carries what OPA's carries for such a query:
// the path asked, the input given (redactFields erased), the result (absent when the
// document is undefined) or the error, and who asked (`requested_by`, the client's
// address).
import PolicyVM

/// One Data API query, as enqueued for the collector.
struct DataQueryRecord: Sendable {
    let id: DecisionId
    /// The path as asked, slash-separated without the leading slash (OPA's `path`).
    let path: String
    let input: Value?
    /// The document's value; nil when it is undefined or the query failed.
    let result: Value?
    let error: (code: String, message: String)?
    /// The client's address, `host:port`.
    let requestedBy: String
    /// The policy the query was answered by.
    let policy: AgentPolicy
    /// When the answer was made (Unix nanoseconds), and how long the evaluation took.
    let unixNanos: Int64
    let nanoseconds: UInt64
}
