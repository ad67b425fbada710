// Auditor: runs the catalogue over a manifest. Score = round(100 × passed weight /
// evaluated weight), 100 when nothing is evaluated; grade A ≥ 90, B ≥ 75, C ≥ 60,
// D ≥ 45, else F. An active suppression skips its rule and removes its weight from the
// score; in its pack's score it counts as passed (the old tool's rule, see PackScore).

/// Runs compliance audits.
public enum Auditor {
    /// Packs chosen on the command line if any, else the manifest's, else all.
    public static func packs(requested: [CompliancePack], manifest: Manifest) -> [CompliancePack] {
        if !requested.isEmpty { return unique(requested) }
        if let declared = manifest.spec.compliance?.packs, !declared.isEmpty { return unique(declared) }
        return CompliancePack.allCases
    }

    private static func unique(_ packs: [CompliancePack]) -> [CompliancePack] {
        var seen = Set<CompliancePack>()
        return packs.filter { seen.insert($0).inserted }
    }

    /// Audits `manifest`; `now` is Unix seconds (suppression expiry), `positions` adds line:col.
    public static func audit(_ manifest: Manifest, packs requested: [CompliancePack] = [],
                             now: Int64, positions: PositionIndex? = nil) -> AuditReport {
        let packs = packs(requested: requested, manifest: manifest)
        let suppressionStates = (manifest.spec.compliance?.suppressions ?? []).map { s -> SuppressionState in
            let known = AuditRule.rule(id: s.rule) != nil
            let expiry = s.expires.flatMap(CivilTime.parseDate)
            let expired = expiry.map { $0 <= now } ?? false
            return SuppressionState(rule: s.rule, reason: s.reason, approvedBy: s.approvedBy, expires: s.expires,
                                    isActive: known && !expired, isExpired: expired, isUnknownRule: !known,
                                    path: "/spec/compliance/suppressions/\(s.index)", position: s.position)
        }
        let suppressed = Set(suppressionStates.filter(\.isActive).map(\.rule))

        var results: [RuleResult] = []
        var violations: [Violation] = []
        for rule in AuditRule.catalogue where packs.contains(rule.pack) {
            if suppressed.contains(rule.id) {
                results.append(RuleResult(rule: rule, status: .suppressed))
                continue
            }
            switch rule.evaluate(manifest) {
            case .pass:
                results.append(RuleResult(rule: rule, status: .passed))
            case .fail(let message, let pointer):
                results.append(RuleResult(rule: rule, status: .failed))
                violations.append(Violation(ruleId: rule.id, severity: rule.severity, title: rule.title, message: message,
                                            path: pointer, recommendation: rule.recommendation, evidenceLevel: rule.evidence,
                                            position: positions?.exact(pointer)))
            }
        }
        let evaluated = results.filter { $0.status != .suppressed }
        let total = evaluated.reduce(0) { $0 + $1.rule.severity.weight }
        let passed = evaluated.filter { $0.status == .passed }.reduce(0) { $0 + $1.rule.severity.weight }
        let score = AuditReport.percent(passed, of: total)
        let packScores = packs.map { pack -> PackScore in
            let inPack = results.filter { $0.rule.pack == pack }
            return PackScore(pack: pack, passed: inPack.filter { $0.status == .passed }.count,
                             suppressed: inPack.filter { $0.status == .suppressed }.count, total: inPack.count)
        }
        return AuditReport(agentName: manifest.metadata.name, score: score, grade: grade(score), packs: packs, packScores: packScores,
                           results: results, violations: violations, suppressions: suppressionStates)
    }

    public static func grade(_ score: Int) -> String {
        switch score {
        case 90...: return "A"
        case 75..<90: return "B"
        case 60..<75: return "C"
        case 45..<60: return "D"
        default: return "F"
        }
    }
}
