// DecisionLog+Status: the decision log's part of the status document (GET
// /agentspec/status and the STATUS_URL reports): the plugin `decision_logs`, OK while
// uploads succeed and ERROR while they fail, and then, as OPA reports it, a
// `decision_logs` field with the last upload's `code`, `message` and `http_code`.
import PolicyVM

extension DecisionLog: StatusSection {
    var pluginName: String { "decision_logs" }

    func pluginState() -> PluginState { stats.lastError == nil ? .ok : .error }

    func statusFields() -> [(key: String, value: Value)] {
        let s = stats
        guard let error = s.lastError else { return [] }
        var part: RegoObject = ["code": "decision_logs_error", "message": .string(error)]
        if let code = s.lastHTTPCode { part["http_code"] = .string(String(code)) }
        return [("decision_logs", .object(part))]
    }
}
