// AuditReportText: the human-readable audit report. Colour (ANSI) only when asked for;
// the text is the same either way apart from the escape codes.
import AgentSpec
#if canImport(Glibc)
import Glibc
#endif

/// Whether output should be coloured.
enum Terminal {
    /// Colour on a terminal, unless NO_COLOR is set (https://no-color.org).
    static func wantsColour(fd: Int32) -> Bool {
        getenv("NO_COLOR") == nil && isatty(fd) == 1
    }
}

/// Renders an audit report for people.
enum AuditReportText {
    static func render(_ report: AuditReport, manifest: Manifest, file: String, colour: Bool) -> String {
        func paint(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        let gradeColour = ["A": "32", "B": "32", "C": "33", "D": "33"][report.grade] ?? "31"
        var lines = ["Audit of \(manifest.metadata.name) \(manifest.metadata.version) (\(file))",
                     "Score \(report.score)/100, grade \(paint(report.grade, "1;" + gradeColour))", "", "Packs:"]
        for p in report.packScores {
            let suppressed = p.suppressed > 0 ? ", \(p.suppressed) suppressed" : ""
            lines.append("  \(p.pack.rawValue.padding(20)) \(p.passed)/\(p.total) rules passed\(suppressed), score \(p.score)")
        }
        lines.append("")
        if report.violations.isEmpty {
            lines.append("Violations: none")
        } else {
            lines.append("Violations (\(report.violations.count)):")
            for v in report.violations {
                let sev = v.severity.rawValue.uppercased().padding(8)
                let sevColour = v.severity == .critical || v.severity == .high ? "31" : "33"
                lines.append("  \(paint(sev, sevColour)) \(v.ruleId.padding(10)) \(v.title)")
                let at = v.position.map { "\(file):\($0.line):\($0.column) " } ?? ""
                lines.append("           \(at)\(v.path): \(v.message)")
                lines.append("           fix: \(v.recommendation)")
            }
        }
        if !report.suppressions.isEmpty {
            lines.append("")
            lines.append("Suppressions (\(report.suppressions.count)):")
            for s in report.suppressions {
                let state = s.isActive ? paint("active", "32") : paint("inactive", "33")
                var line = "  \(s.rule.padding(10)) \(state)  \(s.reason)"
                if let e = s.expires { line += " (expires \(e))" }
                lines.append(line)
                if let finding = s.finding {
                    lines.append("           \(file):\(s.position.line):\(s.position.column) \(paint("finding", "31")): \(finding)")
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// Pads with spaces on the right to `width` characters.
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
