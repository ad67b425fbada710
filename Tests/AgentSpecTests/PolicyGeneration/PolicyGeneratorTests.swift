// generate-policy: the rules and data for the GymCoach example, the empty policy, the
// package name, determinism. (That the output compiles and decides like the contract
// says is checked against the real OPA by scripts/check_generated_policies.py.)
import PolicyVM
import Testing
@testable import AgentSpec

@Suite struct PolicyGeneratorTests {
    @Test func gymcoachRulesAndData() throws {
        let m = try #require(ManifestLoader.load(path: TestManifests.gymcoach.path).manifest)
        let p = PolicyGenerator.generate(m)
        #expect(p.packageName == "agentspec.agent.gymcoach")
        #expect(p.denyQuery == "data.agentspec.agent.gymcoach.deny")
        #expect(p.ruleIds == ["topic_filter_not_invoked", "prompt_injection_not_invoked", "toxicity_threshold_exceeded",
                              "hallucination_threshold_exceeded", "monthly_cost_limit_exceeded", "memory_ttl_mismatch",
                              "memory_pii_not_scrubbed", "destructive_tool_without_confirmation"])
        #expect(JSONWriter.write(p.data) == #"{"alertAtUSD":150,"blockedTopics":["illegal_activity","violence"],"destructiveTools":["delete-workout"],"hallucinationThreshold":0.8,"inputGuardrails":["topic-filter","prompt-injection"],"maxMonthlyUSD":200,"piiFields":["credit_card","ssn"],"piiScrubFields":["ssn","credit_card"],"shortTermTtlSeconds":3600,"tools":["delete-workout"],"toxicityThreshold":0.7}"#)
        #expect(p.rego.contains("package agentspec.agent.gymcoach\n\nimport rego.v1\n\ndefault allow := false\n\nallow if count(deny) == 0\n"))
        #expect(p.rego.contains("""
        deny contains "destructive_tool_without_confirmation" if {
        \tsome tool in input.tools_called
        \ttool in data.destructiveTools
        \tnot input.user_confirmed
        }
        """))
        #expect(p.rego.contains("\tinput.cost_today_usd * 30 > data.maxMonthlyUSD\n"))
        #expect(p.rego.contains("\tnot \"prompt-injection\" in input.guardrails_invoked\n"))
    }

    @Test func manifestDeclaringNothingStillHasADenySet() throws {
        let m = try Variation().manifest()
        let p = PolicyGenerator.generate(m)
        #expect(p.ruleIds.isEmpty)
        #expect(p.rego.contains("\ndeny := set()\n"))
        #expect(p.dataJSON == "{\n  \"blockedTopics\": [],\n  \"destructiveTools\": [],\n  \"inputGuardrails\": [],\n  \"piiFields\": [],\n  \"piiScrubFields\": [],\n  \"tools\": []\n}\n")
    }

    @Test func isDeterministic() throws {
        let m = try #require(ManifestLoader.load(path: TestManifests.gymcoach.path).manifest)
        let a = PolicyGenerator.generate(m), b = PolicyGenerator.generate(m)
        #expect(a.rego == b.rego && a.dataJSON == b.dataJSON)
    }

    @Test func packageSegments() {
        #expect(PolicyGenerator.packageSegment("gym-coach") == ".gym_coach")
        #expect(PolicyGenerator.packageSegment("007-agent") == #"["007_agent"]"#)
        #expect(PolicyGenerator.packageSegment("default") == #"["default"]"#)
    }
}
