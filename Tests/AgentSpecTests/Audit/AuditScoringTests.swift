// Scoring, grades, pack selection and suppressions (active, expired, unknown rule).
import Testing
@testable import AgentSpec

@Suite struct AuditScoringTests {
    static let now = CivilTime.unixSeconds(year: 2026, month: 6, day: 1)

    @Test func gradesAtTheirBoundaries() {
        #expect(Auditor.grade(100) == "A" && Auditor.grade(90) == "A")
        #expect(Auditor.grade(89) == "B" && Auditor.grade(75) == "B")
        #expect(Auditor.grade(74) == "C" && Auditor.grade(60) == "C")
        #expect(Auditor.grade(59) == "D" && Auditor.grade(45) == "D")
        #expect(Auditor.grade(44) == "F" && Auditor.grade(0) == "F")
    }

    @Test func scoreIsWeightedAndRounded() throws {
        // metadata-quality: META-01 (low, 1) passes, META-02 (medium, 2) fails -> 1/3 -> 33.
        let m = try Variation(model: ["parameters: {temperature: 1.9}"]).manifest()
        let report = Auditor.audit(m, packs: [.metadataQuality], now: Self.now)
        #expect(report.score == 33)
        #expect(report.grade == "F")
        #expect(report.packScores.map { "\($0.pack.rawValue) \($0.passed)/\($0.total)" } == ["metadata-quality 1/2"])
        #expect(report.violations.map(\.ruleId) == ["META-02"])
    }

    @Test func packSelectionOrder() throws {
        let declared = try Variation(spec: ["compliance: {packs: [observability]}"]).manifest()
        #expect(Auditor.packs(requested: [], manifest: declared) == [.observability])
        #expect(Auditor.packs(requested: [.memoryHygiene, .memoryHygiene], manifest: declared) == [.memoryHygiene])
        #expect(Auditor.packs(requested: [], manifest: try Variation().manifest()) == CompliancePack.allCases)
    }

    @Test func nothingEvaluatedScoresAHundred() throws {
        let m = try Variation(spec: ["compliance:", "  suppressions:", "    - {rule: META-01, reason: r}", "    - {rule: META-02, reason: r}"]).manifest()
        let report = Auditor.audit(m, packs: [.metadataQuality], now: Self.now)
        #expect(report.score == 100)
        #expect(report.results.allSatisfy { $0.status == .suppressed })
        // Both rules suppressed: the pack's score counts them as passed (the old tool's rule).
        #expect(report.packScores.map { "\($0.passed)+\($0.suppressed)/\($0.total) \($0.score)" } == ["0+2/2 100"])
    }

    /// A suppressed rule counts as passed in its pack's score and leaves the overall score.
    @Test func suppressedRulesCountAsPassedInTheirPack() throws {
        // metadata-quality: META-01 (low) suppressed, META-02 (medium) fails on temperature 1.9.
        let m = try Variation(model: ["parameters: {temperature: 1.9}"],
                              spec: ["compliance:", "  suppressions:", "    - {rule: META-01, reason: r}"]).manifest()
        let report = Auditor.audit(m, packs: [.metadataQuality], now: Self.now)
        #expect(report.score == 0)
        let pack = try #require(report.packScores.first)
        #expect(pack.passed == 0 && pack.suppressed == 1 && pack.failed == 1 && pack.total == 2)
        #expect(pack.score == 50)
        #expect(report.passedRules == 1)
    }

    @Test func suppressionsActiveExpiredAndUnknown() throws {
        let loaded = TestManifests.load(spec: [
            "compliance:", "  packs: [owasp-llm-top10]", "  suppressions:",
            "    - {rule: SEC-LLM-10, reason: dev, expires: \"2026-06-02\"}",
            "    - {rule: SEC-LLM-02, reason: old, expires: \"2026-06-01\"}",
            "    - {rule: NOPE-99, reason: unknown}",
        ], apiKey: "$env:KEY")
        #expect(loaded.isAuditable && !loaded.isValid)
        let m = try #require(loaded.manifest)
        let report = Auditor.audit(m, now: Self.now, positions: loaded.root.map(PositionIndex.init))
        #expect(report.suppressions.map(\.isActive) == [true, false, false])
        #expect(report.suppressions.map { $0.finding ?? "-" } == ["-", "suppression of SEC-LLM-02 expired on 2026-06-01",
                                                               "suppression names unknown rule NOPE-99"])
        #expect(report.results.first { $0.rule.id == "SEC-LLM-10" }?.status == .suppressed)
        #expect(report.violations.contains { $0.ruleId == "SEC-LLM-02" })
        #expect(!report.violations.contains { $0.ruleId == "SEC-LLM-10" })
        // owasp: 9 evaluated (SEC-LLM-10 suppressed), weight 23; failing 01 (3), 02 (3), 04 (2), 09 (2): 13/23 -> 57.
        #expect(report.score == 57)
    }

    @Test func violationsCarryLineAndColumnWhenThePathExists() throws {
        let loaded = TestManifests.load(apiKey: "$env:KEY")
        let m = try #require(loaded.manifest)
        let report = Auditor.audit(m, packs: [.owaspLLMTop10], now: Self.now, positions: loaded.root.map(PositionIndex.init))
        let apiKey = try #require(report.violations.first { $0.ruleId == "SEC-LLM-10" })
        #expect(apiKey.path == "/spec/model/apiKey")
        #expect(apiKey.position == SourcePosition(line: 11, column: 13))
        #expect(report.violations.first { $0.ruleId == "SEC-LLM-02" }?.position == nil)
    }
}
