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
        #expect(p.dataPath == "data.agentspec.agent.gymcoach")
        #expect(JSONWriter.write(p.values) == #"{"alertAtUSD":150,"blockedTopics":["illegal_activity","violence"],"destructiveTools":["delete-workout"],"hallucinationThreshold":0.8,"inputGuardrails":["topic-filter","prompt-injection"],"maxMonthlyUSD":200,"piiFields":["credit_card","ssn"],"piiScrubFields":["ssn","credit_card"],"shortTermTtlSeconds":3600,"tools":["delete-workout"],"toxicityThreshold":0.7}"#)
        // data.json nests the values under the agent's package, so agents' bundles do not collide.
        #expect(p.data == ["agentspec": ["agent": ["gymcoach": p.values]]])
        #expect(p.rego.contains("package agentspec.agent.gymcoach\n\nimport rego.v1\n\ndefault allow := false\n\nallow if count(deny) == 0\n"))
        #expect(p.rego.contains("""
        deny contains "destructive_tool_without_confirmation" if {
        \tsome tool in input.tools_called
        \ttool in data.agentspec.agent.gymcoach.destructiveTools
        \tnot input.user_confirmed
        }
        """))
        #expect(p.rego.contains("\tinput.cost_today_usd * 30 > data.agentspec.agent.gymcoach.maxMonthlyUSD\n"))
        #expect(p.rego.contains("\tnot \"prompt-injection\" in input.guardrails_invoked\n"))
    }

    @Test func manifestDeclaringNothingStillHasADenySet() throws {
        let m = try Variation().manifest()
        let p = PolicyGenerator.generate(m)
        #expect(p.ruleIds.isEmpty)
        #expect(p.rego.contains("\ndeny := set()\n"))
        #expect(JSONWriter.write(p.data) == #"{"agentspec":{"agent":{"test_agent":{"blockedTopics":[],"destructiveTools":[],"inputGuardrails":[],"piiFields":[],"piiScrubFields":[],"tools":[]}}}}"#)
    }

    @Test func isDeterministic() throws {
        let m = try #require(ManifestLoader.load(path: TestManifests.gymcoach.path).manifest)
        let a = PolicyGenerator.generate(m), b = PolicyGenerator.generate(m)
        #expect(a.rego == b.rego && a.dataJSON == b.dataJSON)
    }

    /// A name that is not a Rego identifier is quoted in refs; its values still sit at its key.
    @Test func quotedSegmentsReadTheirValues() throws {
        let text = TestManifests.text(spec: ["memory:", "  shortTerm: {backend: redis, ttlSeconds: 60}"])
            .replacing("  name: test-agent", with: "  name: 007-agent")
        let m = try #require(ManifestLoader.load(text: text, file: "agent.yaml").manifest)
        let p = PolicyGenerator.generate(m)
        #expect(p.dataPath == #"data.agentspec.agent["007_agent"]"#)
        #expect(p.rego.contains(#"input.memory_write.ttl_seconds != data.agentspec.agent["007_agent"].shortTermTtlSeconds"#))
        #expect(p.data == ["agentspec": ["agent": ["007_agent": p.values]]])
    }

    @Test func packageSegments() {
        #expect(PolicyGenerator.packageSegment("gym-coach") == ".gym_coach")
        #expect(PolicyGenerator.packageSegment("007-agent") == #"["007_agent"]"#)
        #expect(PolicyGenerator.packageSegment("default") == #"["default"]"#)
    }
}
