// The embedded decision refills one input document per pooled evaluator: a sequence of
// requests, some reporting facts the one before did not (and the other way round) or
// other items in a list of the same length, must be decided exactly as over a document
// built fresh for each request — from a report, and from the agent's fields read in place
// (repeated items and fields included).
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

    /// Agent fields for step `step`: lists that repeat, grow, shrink, change at equal
    /// length, repeat items within and across fields, or are absent.
    static func fields(_ step: Int) -> [(String, String)] {
        let guardrails = ["pii", "pii, other", "other,pii", " , pii ,pii", "pii,a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q"][step % 5]
        var fields: [(String, String)] = [("X-AgentSpec-Guardrails-Invoked", guardrails)]
        if step % 3 != 2 { fields.append(("X-AgentSpec-Tools-Called", step % 2 == 0 ? "delete" : "read,delete")) }
        if step % 4 == 1 { fields.append(("X-AgentSpec-Guardrails-Invoked", "pii, extra")) }
        if step % 6 == 0 { fields.append(("X-AgentSpec-User-Confirmed", "true")) }
        return fields
    }

    @Test func fieldsReadInPlaceDecideAsTheirReport() throws {
        let embedded = try EmbeddedPolicy.compile([("t.rego", Self.policy)], data: .emptyObject, packageName: "agentspec.agent.t")
        let profile = AgentProfile(agentName: "t", modelId: "p/m", guardrailsDeclared: ["pii"], toolsRegistered: ["delete"])
        var seen = Set<[String]>()
        var document = profile.documentTemplate
        for step in 0..<60 {
            var headers = HTTPHeaders(Self.fields(step))
            let fields = try #require(ReportedFields.take(from: &headers))
            let usage = Self.usage(step)
            // The refilled document is the fresh one, field for field.
            DecisionInput.fill(&document, fields, usage: usage)
            #expect(Value.object(document) == DecisionInput.make(profile, fields.report, usage: usage), "step \(step)")
            // Alternate with report-based decisions, so the document is refilled both ways.
            seen.insert(try Self.decided(embedded, profile, fields, usage: usage, step: step, afterReport: step % 5 == 4))
        }
        #expect(seen.count >= 6)
    }

    /// The decision over `fields` in the pooled document, expected equal to one over a
    /// fresh document; with `afterReport`, a decision over `report(step)` refills the
    /// pooled document first.
    static func decided(_ embedded: EmbeddedPolicy, _ profile: AgentProfile, _ fields: ReportedFields, usage: DailyUsage,
                        step: Int, afterReport: Bool) throws -> [String] {
        if afterReport { _ = try embedded.violations(profile, report(step), usage: usage) }
        let inPlace = try embedded.violations(profile, fields, usage: usage)
        let fresh = try embedded.violations(for: DecisionInput.make(profile, fields.report, usage: usage))
        #expect(inPlace == fresh, "step \(step)")
        return fresh
    }

    /// The agent repeating its lists, as it does request after request: the refilled
    /// document decides as a fresh one when only the confirmation or the usage changed,
    /// and when a decision over a report refilled it in between.
    @Test func repeatedFieldsDecideAsTheirReport() throws {
        let embedded = try EmbeddedPolicy.compile([("t.rego", Self.policy)], data: .emptyObject, packageName: "agentspec.agent.t")
        let profile = AgentProfile(agentName: "t", modelId: "p/m", guardrailsDeclared: ["pii"], toolsRegistered: ["delete"])
        var seen = Set<[String]>()
        for step in 0..<48 {
            // Each list pair four times in a row; the confirmation flips every request.
            var fieldList = Self.fields(step / 4).filter { $0.0 != "X-AgentSpec-User-Confirmed" }
            if step % 2 == 1 { fieldList.append(("X-AgentSpec-User-Confirmed", "true")) }
            var headers = HTTPHeaders(fieldList)
            let fields = try #require(ReportedFields.take(from: &headers))
            seen.insert(try Self.decided(embedded, profile, fields, usage: Self.usage(step), step: step, afterReport: step % 4 == 2))
        }
        #expect(seen.count >= 6)
    }
}
