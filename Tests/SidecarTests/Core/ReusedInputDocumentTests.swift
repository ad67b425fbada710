// The embedded decision refills one input document per pooled evaluator: a sequence of
// requests, some reporting facts the one before did not (and the other way round) or
// other items in a list of the same length, must
// be decided exactly as over a document built fresh for each request.
import PolicyVM
import Testing
@testable import Sidecar

@Suite struct ReusedInputDocumentTests {
    static let policy = """
    package agentspec.agent.t
    import rego.v1
    deny contains "toxic" if input.toxicity_score >= 0.5
    deny contains "no_score" if not input.toxicity_score
    deny contains "ttl" if input.memory_write.ttl_seconds != 60
    deny contains "no_memory" if not input.memory_write
    deny contains "costly" if input.cost_today_usd > 1
    deny contains "tokens" if input.tokens_today > 10
    deny contains "unconfirmed_delete" if { "delete" in input.tools_called; not input.user_confirmed }
    deny contains "no_pii" if not "pii" in input.guardrails_invoked
    deny contains "fields" if count(object.keys(input)) > 9
    """

    static func report(_ step: Int) -> BehaviourReport {
        var r = BehaviourReport()
        // Lists change length and, at the same length, content (a kept array must not hide it).
        r.guardrailsInvoked = step % 4 == 3 ? [] : step % 3 == 0 ? ["other"] : ["pii"]
        r.toolsCalled = step % 3 == 0 ? ["delete"] : step % 3 == 1 ? ["read"] : []
        r.userConfirmed = step % 4 == 0
        if step % 5 != 0 { r.toxicityScore = Number(Double(step % 7) / 7) }
        if step % 2 == 1 {
            r.hasMemoryWrite = true
            r.memoryTTLSeconds = step % 3 == 1 ? .number(.int(60)) : nil
        }
        return r
    }

    static func usage(_ step: Int) -> DailyUsage {
        var u = DailyUsage()
        if step % 3 != 2 { u.hasCost = true; u.costUSD = Double(step) / 4 }
        if step % 4 == 1 { u.hasTokens = true; u.tokens = Int64(step * 3) }
        return u
    }

    @Test func refilledDocumentsDecideAsFreshOnes() throws {
        let embedded = try EmbeddedPolicy.compile([("t.rego", Self.policy)], data: .emptyObject, packageName: "agentspec.agent.t")
        let profile = AgentProfile(agentName: "t", modelId: "p/m", guardrailsDeclared: ["pii"], toolsRegistered: ["delete"])
        var seen = Set<[String]>()
        for step in 0..<40 {
            let (report, usage) = (Self.report(step), Self.usage(step))
            let reused = try embedded.violations(profile, report, usage: usage)
            let fresh = try embedded.violations(for: DecisionInput.make(profile, report, usage: usage))
            #expect(reused == fresh, "step \(step)")
            seen.insert(fresh)
        }
        // The sequence exercises many different answers, not one repeated.
        #expect(seen.count >= 10)
    }
}
