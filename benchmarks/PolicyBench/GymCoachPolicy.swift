// The GymCoach policy and data of the PolicyVM issue, and a typical decision input.
import PolicyVM

enum GymCoachPolicy {
    static let source = """
    package agentspec.agent.gymcoach

    import rego.v1

    default allow := false

    allow if count(deny) == 0

    deny contains "pii_detector_not_invoked" if {
    	input.request_type == "llm_call"
    	not "pii-detector" in input.guardrails_invoked
    }

    deny contains "prompt_injection_not_invoked" if {
    	input.request_type == "llm_call"
    	not "prompt-injection" in input.guardrails_invoked
    }

    deny contains "toxicity_threshold_exceeded" if {
    	input.request_type == "llm_call"
    	input.toxicity_score >= data.toxicityThreshold
    }

    deny contains "monthly_cost_limit_exceeded" if {
    	input.request_type == "llm_call"
    	input.cost_today_usd * 30 > data.maxMonthlyUSD
    }

    deny contains "memory_ttl_mismatch" if {
    	input.memory_write.ttl_seconds != data.shortTermTtlSeconds
    }

    deny contains "destructive_tool_without_confirmation" if {
    	some tool in input.tools_called
    	tool in data.destructiveTools
    	not input.user_confirmed
    }
    """

    static let dataJSON = #"{"toxicityThreshold": 0.7, "maxMonthlyUSD": 200, "shortTermTtlSeconds": 3600, "destructiveTools": ["delete-workout"]}"#

    /// A typical request: one guardrail missing, a destructive tool without confirmation.
    static let inputJSON = """
    {"agent_name":"gymcoach","request_type":"llm_call","model_id":"groq/llama-3.3-70b-versatile",
     "guardrails_declared":["pii-detector","prompt-injection","topic-filter"],
     "guardrails_invoked":["pii-detector","topic-filter"],
     "tools_registered":["log-workout","get-history","delete-workout"],
     "tools_called":["get-history","delete-workout"],
     "user_confirmed":false,"toxicity_score":0.12,"cost_today_usd":1.75,
     "memory_write":{"ttl_seconds":3600,"pii_scrubbed":true}}
    """

    static let expectedDeny: Value = .set(["prompt_injection_not_invoked", "destructive_tool_without_confirmation"])
}
