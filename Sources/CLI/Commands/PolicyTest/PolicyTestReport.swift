// PolicyTestReport: prints test results like `opa test`. Pretty: a line per failing
// test with its reason — for an undefined one the expression it stopped at, with its
// variables' values — and print() output (every test with -v), then `PASS: N/M` and,
// as the very last line, `N passed, M failed` (`, K skipped` when some were). JSON: an
// array of OPA-shaped results. Invariant: the counts always add up to the tests run.
import PolicyVM

/// Renders results as text or JSON.
struct PolicyTestReport {
    let results: [PolicyTestResult]
    let verbose: Bool

    var passed: Int { results.filter { if case .passed = $0.outcome { return true } else { return false } }.count }
    var failed: Int { results.filter { $0.outcome.isFailure }.count }
    var skipped: Int { results.filter { if case .skipped = $0.outcome { return true } else { return false } }.count }

    /// The body lines; `summary` follows (after any coverage block).
    var prettyLines: [String] {
        var lines: [String] = []
        for r in results where verbose || r.outcome.isFailure {
            let status: String
            switch r.outcome {
            case .passed: status = "PASS"
            case .skipped: status = "SKIP"
            default: status = "FAIL"
            }
            var line = "\(status): \(r.test.fullName) (\(r.test.place))"
            if verbose, case .skipped = r.outcome {} else if verbose { line += " " + Self.durationText(r.durationNanoseconds) }
            lines.append(line)
            if let failure = r.failure {
                lines.append("  \(failure.location): undefined: \(failure.text)")
                for (name, value) in failure.bindings { lines.append("    \(name) = \(JSONWriter.write(value))") }
            } else if let reason = Self.reason(r.outcome) {
                lines.append("  " + reason)
            }
            for printed in r.printed { lines.append("  | " + printed) }
        }
        if !lines.isEmpty { lines.append(String(repeating: "-", count: 80)) }
        return lines
    }

    var summary: [String] {
        let total = results.count
        var lines = ["PASS: \(passed)/\(total)"]
        if failed > 0 { lines.append("FAIL: \(failed)/\(total)") }
        if skipped > 0 { lines.append("SKIPPED: \(skipped)/\(total)") }
        lines.append("\(passed) passed, \(failed) failed" + (skipped > 0 ? ", \(skipped) skipped" : ""))
        return lines
    }

    /// Why a test did not pass, or nil when it did.
    static func reason(_ outcome: PolicyTestOutcome) -> String? {
        switch outcome {
        case .passed, .skipped: return nil
        case .failedUndefined: return "undefined"
        case .failedFalse(let v): return v == .false ? "false" : "not true: \(JSONWriter.write(v))"
        case .errored(let e): return "error: \(e.description)"
        case .timedOut(let s): return "timed out after \(s)s"
        }
    }

    /// `812µs`, `3.2ms`, `1.25s`
    static func durationText(_ ns: UInt64) -> String {
        let d = Double(ns)
        if d < 1_000_000 { return "\(Int((d / 1_000).rounded()))µs" }
        if d < 1_000_000_000 { return "\((d / 100_000).rounded() / 10)ms" }
        return "\((d / 10_000_000).rounded() / 100)s"
    }

    /// OPA's `--format json` results: location, package, name, duration and, as they
    /// apply, `fail`, `skip`, `error`, `output`.
    var json: Value {
        .array(results.map { r in
            var entry: RegoObject = [
                "package": .string(r.test.package), "name": .string(r.test.name),
                "duration": .int(Int(r.durationNanoseconds)),
            ]
            if let l = r.test.location {
                entry["location"] = .object(["file": .string(l.file), "row": .int(l.line), "col": .int(l.column)])
            }
            switch r.outcome {
            case .passed: break
            case .skipped: entry["skip"] = .true
            case .failedUndefined, .failedFalse: entry["fail"] = .true
            case .errored(let e):
                var error: RegoObject = ["code": .string(e.code.rawValue), "message": .string(e.message)]
                if let l = e.location, l.line > 0 {
                    error["location"] = .object(["file": .string(l.file), "row": .int(l.line), "col": .int(l.column)])
                }
                entry["error"] = .object(error)
                entry["fail"] = .true
            case .timedOut(let s):
                entry["error"] = .object(["code": "test_timeout", "message": .string("timed out after \(s)s")])
                entry["fail"] = .true
            }
            if !r.printed.isEmpty { entry["output"] = .string(r.printed.map { $0 + "\n" }.joined()) }
            if let f = r.failure {
                // Not OPA's: the explanation pretty output prints, for scripts.
                var vars: RegoObject = [:]
                for (name, value) in f.bindings { vars[.string(name)] = value }
                entry["failed_expression"] = .object([
                    "location": .object(["file": .string(f.location.file), "row": .int(f.location.line), "col": .int(f.location.column)]),
                    "text": .string(f.text), "vars": .object(vars),
                ])
            }
            return .object(entry)
        })
    }
}
