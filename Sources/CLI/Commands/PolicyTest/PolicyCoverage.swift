// PolicyCoverage: which lines of each policy file the tests executed, in OPA's coverage
// report shape (`files.{path}.covered/not_covered` as row ranges, percentages). A line
// is coverable when some instruction maps to it and covered when any of them ran.
// Invariant: covered and not-covered lines of a file are disjoint and together are all
// its coverable lines.
import PolicyVM

/// Line coverage of one file.
struct FileCoverage: Sendable {
    let file: String
    let covered: [Int]
    let notCovered: [Int]

    var percent: Double { Self.percent(covered.count, covered.count + notCovered.count) }

    static func percent(_ covered: Int, _ total: Int) -> Double {
        total == 0 ? 100 : (Double(covered) * 10_000 / Double(total)).rounded() / 100
    }
}

/// Coverage of every file that has coverable lines.
struct CoverageReport: Sendable {
    let files: [FileCoverage]

    init(program: Program, covered: Set<SourceLocation>) {
        var coverable: [String: Set<Int>] = [:]
        for procedure in program.procedures where procedure.kind != .query {
            for location in procedure.locations where location.line > 0 && location.file != "query" {
                coverable[location.file, default: []].insert(location.line)
            }
        }
        var hit: [String: Set<Int>] = [:]
        for location in covered where location.line > 0 { hit[location.file, default: []].insert(location.line) }
        files = coverable.keys.sorted().map { file in
            let lines = coverable[file] ?? []
            let ran = lines.intersection(hit[file] ?? [])
            return FileCoverage(file: file, covered: ran.sorted(), notCovered: lines.subtracting(ran).sorted())
        }
    }

    var coveredLines: Int { files.reduce(0) { $0 + $1.covered.count } }
    var notCoveredLines: Int { files.reduce(0) { $0 + $1.notCovered.count } }
    var percent: Double { FileCoverage.percent(coveredLines, coveredLines + notCoveredLines) }

    /// Consecutive lines folded into `(first, last)` ranges.
    static func ranges(_ lines: [Int]) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        for line in lines {
            if let last = out.last, last.1 + 1 == line { out[out.count - 1].1 = line } else { out.append((line, line)) }
        }
        return out
    }

    /// `3-7, 9, 12-13`
    static func rangeText(_ lines: [Int]) -> String {
        let text = ranges(lines).map { $0.0 == $0.1 ? "\($0.0)" : "\($0.0)-\($0.1)" }.joined(separator: ", ")
        return text.isEmpty ? "none" : text
    }

    /// OPA's JSON coverage report.
    var json: Value {
        func rangeValues(_ lines: [Int]) -> Value {
            .array(Self.ranges(lines).map { r in
                .object(["start": .object(["row": .int(r.0)]), "end": .object(["row": .int(r.1)])])
            })
        }
        var byFile: RegoObject = [:]
        for f in files {
            var entry: RegoObject = [
                "covered_lines": .int(f.covered.count), "not_covered_lines": .int(f.notCovered.count),
                "coverage": .number(Number(f.percent)),
            ]
            if !f.covered.isEmpty { entry["covered"] = rangeValues(f.covered) }
            if !f.notCovered.isEmpty { entry["not_covered"] = rangeValues(f.notCovered) }
            byFile[.string(f.file)] = .object(entry)
        }
        return .object([
            "files": .object(byFile), "covered_lines": .int(coveredLines), "not_covered_lines": .int(notCoveredLines),
            "coverage": .number(Number(percent)),
        ])
    }

    /// One block per file: percentage, covered and not-covered line ranges.
    var text: [String] {
        var lines: [String] = []
        for f in files {
            lines.append("\(f.file): \(Self.percentText(f.percent)) of \(f.covered.count + f.notCovered.count) lines covered")
            lines.append("  covered:     \(Self.rangeText(f.covered))")
            lines.append("  not covered: \(Self.rangeText(f.notCovered))")
        }
        lines.append("coverage: \(Self.percentText(percent)) (\(coveredLines)/\(coveredLines + notCoveredLines) lines)")
        return lines
    }

    static func percentText(_ p: Double) -> String {
        p == p.rounded() ? "\(Int(p))%" : "\(p)%"
    }
}
