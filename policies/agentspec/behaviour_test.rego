# Unit tests of the behavioural policy library (behaviour.rego): each rule firing and
# not firing, and rules staying silent when the manifest does not declare their value.
# Run: agentspec policy test policies/ (or opa test policies/).
package agentspec.behaviour_test

import rego.v1

import data.agentspec.behaviour

# An LLM call that reported nothing.
llm := {
	"agent_name": "gymcoach", "request_type": "llm_call", "model_id": "groq/llama",
	"guardrails_declared": [], "guardrails_invoked": [], "tools_registered": [], "tools_called": [],
}

# An LLM call that did everything right for the GymCoach values below.
clean := object.union(llm, {
	"guardrails_invoked": ["pii-detector", "prompt-injection"], "tools_called": ["log-workout"],
	"toxicity_score": 0.1, "hallucination_score": 0.2, "cost_today_usd": 1.5,
	"memory_write": {"ttl_seconds": 3600, "pii_scrubbed": true},
})

# GymCoach's values, as its generated data.json places them: at
# data.agentspec.agent.gymcoach (the agent named by input.agent_name). Tests mock the
# whole object or one key of it; neither hides the library's own rules.
gymcoach := {
	"inputGuardrails": ["pii-detector", "prompt-injection"], "destructiveTools": ["delete-workout"],
	"toxicityThreshold": 0.7, "hallucinationThreshold": 0.8, "maxMonthlyUSD": 200,
	"shortTermTtlSeconds": 3600, "piiScrubFields": ["ssn"], "tools": ["log-workout", "delete-workout"],
}

test_declared_guardrails_not_invoked_fire if {
	d := behaviour.deny with input as llm with data.agentspec.agent.gymcoach.inputGuardrails as ["pii-detector", "prompt-injection"]
	d == {"pii_detector_not_invoked", "prompt_injection_not_invoked"}
}

test_invoked_guardrail_does_not_fire if {
	i := object.union(llm, {"guardrails_invoked": ["pii-detector"]})
	d := behaviour.deny with input as i with data.agentspec.agent.gymcoach.inputGuardrails as ["pii-detector", "prompt-injection"]
	d == {"prompt_injection_not_invoked"}
}

test_guardrails_only_checked_on_llm_calls if {
	i := object.union(llm, {"request_type": "tool_call"})
	d := behaviour.deny with input as i with data.agentspec.agent.gymcoach.inputGuardrails as ["pii-detector"]
	d == set()
}

test_destructive_tool_without_confirmation_fires if {
	i := object.union(llm, {"tools_called": ["delete-workout"], "user_confirmed": false})
	"destructive_tool_without_confirmation" in behaviour.deny with input as i with data.agentspec.agent.gymcoach.destructiveTools as ["delete-workout"]
}

test_destructive_tool_without_confirmation_fires_when_unreported if {
	i := object.union(llm, {"tools_called": ["delete-workout"]})
	"destructive_tool_without_confirmation" in behaviour.deny with input as i with data.agentspec.agent.gymcoach.destructiveTools as ["delete-workout"]
}

test_confirmed_destructive_tool_does_not_fire if {
	i := object.union(llm, {"tools_called": ["delete-workout"], "user_confirmed": true})
	d := behaviour.deny with input as i with data.agentspec.agent.gymcoach.destructiveTools as ["delete-workout"]
	d == set()
}

test_harmless_tool_does_not_fire if {
	i := object.union(llm, {"tools_called": ["log-workout"]})
	d := behaviour.deny with input as i with data.agentspec.agent.gymcoach.destructiveTools as ["delete-workout"]
	d == set()
}

test_toxicity_at_threshold_fires if {
	d := behaviour.deny with input as object.union(llm, {"toxicity_score": 0.7}) with data.agentspec.agent.gymcoach.toxicityThreshold as 0.7
	d == {"toxicity_threshold_exceeded"}
}

test_toxicity_below_threshold_does_not_fire if {
	d := behaviour.deny with input as object.union(llm, {"toxicity_score": 0.69}) with data.agentspec.agent.gymcoach.toxicityThreshold as 0.7
	d == set()
}

test_hallucination_above_threshold_fires if {
	d := behaviour.deny with input as object.union(llm, {"hallucination_score": 0.9}) with data.agentspec.agent.gymcoach.hallucinationThreshold as 0.8
	d == {"hallucination_threshold_exceeded"}
}

test_hallucination_below_threshold_does_not_fire if {
	d := behaviour.deny with input as object.union(llm, {"hallucination_score": 0.5}) with data.agentspec.agent.gymcoach.hallucinationThreshold as 0.8
	d == set()
}

test_monthly_cost_projection_fires if {
	d := behaviour.deny with input as object.union(llm, {"cost_today_usd": 6.67}) with data.agentspec.agent.gymcoach.maxMonthlyUSD as 200
	d == {"monthly_cost_limit_exceeded"}
}

test_monthly_cost_within_limit_does_not_fire if {
	d := behaviour.deny with input as object.union(llm, {"cost_today_usd": 6.66}) with data.agentspec.agent.gymcoach.maxMonthlyUSD as 200
	d == set()
}

test_scores_and_cost_only_checked_on_llm_calls if {
	i := {"request_type": "tool_call", "toxicity_score": 1, "hallucination_score": 1, "cost_today_usd": 1000}
	d := behaviour.deny with input as i with data.agentspec.agent.gymcoach as gymcoach
	d == set()
}

test_memory_ttl_mismatch_fires if {
	i := {"agent_name": "gymcoach", "memory_write": {"ttl_seconds": 60, "pii_scrubbed": true}}
	d := behaviour.deny with input as i with data.agentspec.agent.gymcoach.shortTermTtlSeconds as 3600
	d == {"memory_ttl_mismatch"}
}

test_memory_ttl_match_does_not_fire if {
	i := {"agent_name": "gymcoach", "memory_write": {"ttl_seconds": 3600}}
	d := behaviour.deny with input as i with data.agentspec.agent.gymcoach.shortTermTtlSeconds as 3600
	d == set()
}

test_memory_pii_not_scrubbed_fires if {
	i := {"agent_name": "gymcoach", "memory_write": {"ttl_seconds": 3600, "pii_scrubbed": false}}
	d := behaviour.deny with input as i with data.agentspec.agent.gymcoach.piiScrubFields as ["ssn"]
	d == {"memory_pii_not_scrubbed"}
}

test_memory_pii_scrubbed_or_not_required_does_not_fire if {
	scrubbed := {"agent_name": "gymcoach", "memory_write": {"pii_scrubbed": true}}
	unscrubbed := {"agent_name": "gymcoach", "memory_write": {"pii_scrubbed": false}}
	d1 := behaviour.deny with input as scrubbed with data.agentspec.agent.gymcoach.piiScrubFields as ["ssn"]
	d2 := behaviour.deny with input as unscrubbed with data.agentspec.agent.gymcoach.piiScrubFields as []
	d1 == set()
	d2 == set()
}

test_undeclared_tool_called_fires if {
	i := object.union(llm, {"tools_called": ["log-workout", "send-email"]})
	d := behaviour.deny with input as i with data.agentspec.agent.gymcoach.tools as ["log-workout"]
	d == {"undeclared_tool_called"}
}

test_declared_tools_do_not_fire if {
	i := object.union(llm, {"tools_called": ["log-workout"]})
	d := behaviour.deny with input as i with data.agentspec.agent.gymcoach.tools as ["log-workout"]
	d == set()
}

test_nothing_declared_nothing_fires if {
	i := object.union(llm, {"tools_called": ["x"], "toxicity_score": 1, "memory_write": {"ttl_seconds": 1, "pii_scrubbed": false}})
	d := behaviour.deny with input as i
	d == set()
	behaviour.allow with input as i
}

test_gymcoach_clean_call_is_allowed if {
	behaviour.allow with input as clean with data.agentspec.agent.gymcoach as gymcoach
}

test_gymcoach_bad_call_is_denied_for_every_reason if {
	i := object.union(llm, {
		"tools_called": ["delete-workout", "send-email"], "toxicity_score": 0.9, "hallucination_score": 0.95,
		"cost_today_usd": 10, "memory_write": {"ttl_seconds": 60, "pii_scrubbed": false},
	})
	d := behaviour.deny with input as i with data.agentspec.agent.gymcoach as gymcoach
	d == {
		"pii_detector_not_invoked", "prompt_injection_not_invoked", "destructive_tool_without_confirmation",
		"toxicity_threshold_exceeded", "hallucination_threshold_exceeded", "monthly_cost_limit_exceeded",
		"memory_ttl_mismatch", "memory_pii_not_scrubbed", "undeclared_tool_called",
	}
	not behaviour.allow with input as i with data.agentspec.agent.gymcoach as gymcoach
}

# Two agents' values side by side (two bundles in one OPA): each input is judged by the
# values of the agent it names, never by another agent's.
test_values_of_another_agent_do_not_apply if {
	d := behaviour.deny with input as object.union(llm, {"toxicity_score": 0.5})
		with data.agentspec.agent.gymcoach.toxicityThreshold as 0.7
		with data.agentspec.agent.other_agent.toxicityThreshold as 0.1
	d == set()
}

test_hyphenated_agent_names_read_their_package_segment if {
	i := object.union(llm, {"agent_name": "gym-coach", "toxicity_score": 0.9})
	d := behaviour.deny with input as i with data.agentspec.agent.gym_coach.toxicityThreshold as 0.7
	d == {"toxicity_threshold_exceeded"}
}
