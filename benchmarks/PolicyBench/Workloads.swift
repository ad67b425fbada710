// Workloads: the policies the benchmark times, each with its data, a typical input and
// the expected decision: GymCoach (the PolicyVM issue's policy), the shipped library
// (policies/agentspec/behaviour.rego with GymCoach's values at data.agentspec), and
// synthetic policies of 1, 10 and 100 deny rules to show how cost grows with size.
import PolicyVM

/// One policy to time: where its deny set lives and what a decision must return.
struct Workload {
    let name: String
    let modules: [(name: String, text: String)]
    /// Data this workload adds to the shared document (merged at the root).
    let data: Value
    /// The deny set's path below data, e.g. ["agentspec", "agent", "gymcoach", "deny"].
    let path: [String]
    let inputJSON: String
    let expected: Value

    var dotted: String { path.joined(separator: ".") }
    var restPath: String { "/v1/data/" + path.joined(separator: "/") }
}

enum Workloads {
    static func gymcoach() throws -> Workload {
        Workload(name: "GymCoach", modules: [("gymcoach.rego", GymCoachPolicy.source)],
                 data: try JSONReader.parse(GymCoachPolicy.dataJSON), path: ["agentspec", "agent", "gymcoach", "deny"],
                 inputJSON: GymCoachPolicy.inputJSON, expected: GymCoachPolicy.expectedDeny)
    }

    /// The shipped library, with the values `generate-policy` derives for GymCoach.
    static func library(source: String) throws -> Workload {
        // The library reads an agent's values at data.agentspec.agent.<agent_name>.
        let values = #"{"agentspec": {"agent": {"gymcoach": {"inputGuardrails": ["pii-detector", "prompt-injection", "topic-filter"], "destructiveTools": ["delete-workout"], "toxicityThreshold": 0.7, "hallucinationThreshold": 0.8, "maxMonthlyUSD": 200, "shortTermTtlSeconds": 3600, "piiScrubFields": ["ssn"], "tools": ["log-workout", "get-history", "delete-workout"]}}}}"#
        return Workload(name: "library", modules: [("behaviour.rego", source)], data: try JSONReader.parse(values),
                        path: ["agentspec", "behaviour", "deny"], inputJSON: GymCoachPolicy.inputJSON,
                        expected: GymCoachPolicy.expectedDeny)
    }

    /// `n` deny rules in the generated policies' style, cycling through four shapes; on
    /// the GymCoach input every fourth rule (the destructive-tool shape) fires.
    static func batch(_ n: Int) throws -> Workload {
        var rego = "package bench.batch\(n)\n\nimport rego.v1\n"
        var fired: Set<Value> = []
        for i in 0..<n {
            let id = "rule_\(i)"
            switch i % 4 {
            case 0:
                rego += "\ndeny contains \"\(id)\" if {\n\tinput.request_type == \"llm_call\"\n\tnot \"guard-\(i)\" in input.guardrails_declared\n\t\"guard-\(i)\" in input.guardrails_invoked\n}\n"
            case 1:
                rego += "\ndeny contains \"\(id)\" if {\n\tinput.request_type == \"llm_call\"\n\tinput.toxicity_score >= 0.9 + \(i) / 1000\n}\n"
            case 2:
                rego += "\ndeny contains \"\(id)\" if {\n\tinput.cost_today_usd * 30 > 200 + \(i)\n}\n"
            default:
                rego += "\ndeny contains \"\(id)\" if {\n\tsome tool in input.tools_called\n\ttool in {\"delete-workout\", \"tool-\(i)\"}\n\tnot input.user_confirmed\n}\n"
                fired.insert(.string(id))
            }
        }
        return Workload(name: "\(n) rule\(n == 1 ? "" : "s")", modules: [("batch\(n).rego", rego)], data: .emptyObject,
                        path: ["bench", "batch\(n)", "deny"], inputJSON: GymCoachPolicy.inputJSON, expected: .set(fired))
    }
}
