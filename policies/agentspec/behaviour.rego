# The AgentSpec behavioural policy library: what the sidecar enforces for any agent,
# written once over the per-agent values `agentspec generate-policy` derives from a
# manifest (its data.json, loaded as it is, puts them at
# data.agentspec.agent.<name with - as _>; input.agent_name says whose values apply,
# so one OPA serves several agents). Query data.agentspec.behaviour.deny for the set of
# violation ids; input fields follow the sidecar contract. A value the manifest does
# not declare is absent from data, and the rule that needs it never fires. Ids are
# stable: they match the generated rules.
package agentspec.behaviour

import rego.v1

default allow := false

allow if count(deny) == 0

# The facts most rules are about: an LLM call the agent reported.
llm_call if input.request_type == "llm_call"

# The values of the agent that made the call (its package segment: - becomes _).
agent := data.agentspec.agent[replace(input.agent_name, "-", "_")]

# Every declared input guardrail must run on every LLM call: <type>_not_invoked.
deny contains id if {
	llm_call
	some guardrail in agent.inputGuardrails
	not guardrail in input.guardrails_invoked
	id := concat("", [replace(guardrail, "-", "_"), "_not_invoked"])
}

# A tool with annotations.destructiveHint needs the user's confirmation.
deny contains "destructive_tool_without_confirmation" if {
	some tool in input.tools_called
	tool in agent.destructiveTools
	not input.user_confirmed
}

# The toxicity-filter output guardrail's threshold.
deny contains "toxicity_threshold_exceeded" if {
	llm_call
	input.toxicity_score >= agent.toxicityThreshold
}

# The hallucination-detector output guardrail's threshold.
deny contains "hallucination_threshold_exceeded" if {
	llm_call
	input.hallucination_score >= agent.hallucinationThreshold
}

# Today's spend, projected over 30 days, passes costControls.maxMonthlyUSD.
deny contains "monthly_cost_limit_exceeded" if {
	llm_call
	input.cost_today_usd * 30 > agent.maxMonthlyUSD
}

# Memory writes must use memory.shortTerm.ttlSeconds.
deny contains "memory_ttl_mismatch" if {
	input.memory_write.ttl_seconds != agent.shortTermTtlSeconds
}

# With memory.hygiene.piiScrubFields declared, memory writes must be PII-scrubbed.
deny contains "memory_pii_not_scrubbed" if {
	count(agent.piiScrubFields) > 0
	input.memory_write.pii_scrubbed == false
}

# Only tools the manifest declares (spec.tools) may be called.
deny contains "undeclared_tool_called" if {
	declared := agent.tools
	some tool in input.tools_called
	not tool in declared
}
