// `agentspec policy test [PATH]... [-v] [--run REGEX] [--format pretty|json] [--coverage]
// [--threshold P] [--ignore PATTERN]... [--explain fails|notes] [--timeout D]`: runs the
// Rego unit tests under the paths on the embedded VM, like `opa test`. A test that is
// undefined is explained: the expression its body stopped at, `file:line:col`, and the
// values its variables had. Exit 0 when no test failed or errored, 1 otherwise, 2 when
// the policies do not load or compile (errors printed like `policy eval`'s) or coverage
// is below --threshold (OPA's), 64 for usage errors.
import AgentSpec
import PolicyVM

enum PolicyTestCommand {
    static let options = OptionTable(
        valued: ["--run": "run", "-r": "run", "--format": "format", "-f": "format", "--timeout": "timeout", "-t": "timeout",
                 "--threshold": "threshold", "--ignore": "ignore", "--explain": "explain"]
            .merging(BundleSigningOptions.verification) { a, _ in a },
        flags: ["-v": "verbose", "--verbose": "verbose", "--coverage": "coverage", "-c": "coverage", "-b": "bundle", "--bundle": "bundle",
                "--var-values": "var-values"],
        choices: ["format": ["pretty", "json"], "explain": ExplainMode.allCases.map(\.rawValue)])

    static let command = Command(
        path: ["policy", "test"],
        summary: "Run Rego unit tests (test_* rules) on the embedded VM, like opa test",
        help: """
        Usage: agentspec policy test [PATH]... [-b] [-v] [--run REGEX] [--format pretty|json] [--coverage]
                                     [--threshold P] [--ignore PATTERN]... [--explain fails|notes] [--timeout D]

        Loads the paths (default: .) as opa test does: every .rego file, and every
        .json, .yaml or .yml file as data at its folder's path (hidden files and
        folders skipped); with -b, each path is an OPA bundle (.tar.gz or folder:
        data.json/data.yaml only, .manifest roots checked). Each rule named
        test_* is a test and passes when it is defined and true; todo_test_* rules are
        skipped. `with input as …` and `with data.x as …` work inside tests.

        Options:
          -b, --bundle         load the paths as bundles
          -v, --verbose        list every test with its duration and print() output
          -r, --run REGEX      only tests whose full name (data.pkg.test_x) matches
          -f, --format F       pretty (default) or json (OPA's result shape)
          -c, --coverage       report covered and uncovered lines per file (with
                               --format json: OPA's coverage report)
          --threshold P        exit 2 when line coverage is below P percent (0-100);
                               coverage is measured for it even without --coverage
          --ignore PATTERN     skip files and folders whose name matches PATTERN inside
                               the paths (Go's filepath.Match: *, ?, [a-z]) (repeatable)
          --explain MODE       fails (default): an undefined test shows the expression it
                               stopped at (file:line:col) and its variables' values;
                               notes: only print() output
          --var-values         accepted for OPA's spelling: values are always shown with fails
          -t, --timeout D      per-test timeout, e.g. 500ms, 5s, 1m (default 5s)
        \(BundleSigningOptions.verificationHelp)

        The last line of pretty output is `N passed, M failed` (`, K skipped` when some
        were). Exit status: 0 all passed, 1 a test failed or errored, 2 the policies do
        not load or compile or coverage is below --threshold, 64 usage error.
        """,
        options: options, operands: .files, run: run)

    /// OPA's status for policies that do not compile, and for coverage below --threshold.
    static let compileFailure: Int32 = 2

    /// What a failing test's report explains (OPA's --explain; `full` traces are not kept).
    enum ExplainMode: String, CaseIterable {
        case fails, notes
    }

    static func run(_ args: [String]) -> Int32 {
        let parsed: ArgumentList, format: String, explain: ExplainMode
        do {
            parsed = try ArgumentList(args, options)
            format = try parsed.choice("format", of: ["pretty", "json"], default: "pretty")
            explain = ExplainMode(rawValue: try parsed.choice("explain", of: ExplainMode.allCases.map(\.rawValue),
                                                              default: ExplainMode.fails.rawValue))!
        } catch {
            return usage(error.message)
        }
        var timeout = 5.0
        if let text = parsed.value("timeout") {
            guard let seconds = GoDuration.seconds(text), seconds > 0 else {
                return usage("--timeout must be a positive duration like 500ms, 5s or 1m, got \"\(text)\"")
            }
            timeout = seconds
        }
        var filter: (@Sendable (String) -> Bool)?
        if let pattern = parsed.value("run") {
            // Go's regexp syntax and semantics, as `opa test --run`.
            let regex: RE2Regex
            do throws(RegexSyntaxError) { regex = try RE2Regex(pattern) } catch {
                return usage("--run: invalid regular expression \"\(pattern)\": \(error.message)")
            }
            filter = { name in
                var work = RegexWork()
                return (try? regex.matches(name, work: &work)) ?? false
            }
        }
        var threshold: Double?
        if let text = parsed.value("threshold") {
            guard let p = Double(text), p >= 0, p <= 100 else { return usage("--threshold must be a percentage from 0 to 100, got \"\(text)\"") }
            threshold = p
        }
        var ignored: [FileNamePattern] = []
        for pattern in parsed.values("ignore") {
            do throws(FileNamePattern.SyntaxError) { ignored.append(try FileNamePattern(pattern)) } catch {
                return usage("--ignore: \(error.message)")
            }
        }
        let paths = parsed.positionals.isEmpty ? ["."] : parsed.positionals
        let signatures: BundleSignaturePolicy
        switch BundleSigningOptions.policy(parsed) {
        case .success(let p): signatures = p
        case .failure(let e): return usage(e.text)
        }

        guard var loaded = PolicyLoading.load(dataFiles: parsed.has("bundle") ? [] : paths, bundles: parsed.has("bundle") ? paths : [],
                                              ignoring: ignored, signatures: signatures) else { return compileFailure }
        loaded.sources.sort { $0.name < $1.name }
        let program: Program
        do { program = try PolicyCompiler.compile(loaded.modules, data: loaded.data) } catch {
            PolicyLoading.report(error.errors, sources: loaded.modules, query: "")
            return compileFailure
        }
        let coverage = parsed.has("coverage")
        let runner = PolicyTestRunner(program: program, timeoutSeconds: timeout, collectsCoverage: coverage || threshold != nil)
        let tests = runner.tests(matching: filter)
        var results = tests.map { runner.run($0) }
        if explain == .fails {
            for i in results.indices { results[i].failure = runner.explain(results[i], sources: loaded.sources) }
        }
        let report = PolicyTestReport(results: results, verbose: parsed.has("verbose"))
        let covered = results.reduce(into: Set<SourceLocation>()) { $0.formUnion($1.covered) }
        let measured = coverage || threshold != nil ? CoverageReport(program: program, covered: covered) : nil
        let coverageReport = coverage ? measured : nil

        if format == "json" {
            Output.out(JSONWriter.writePretty(coverageReport?.json ?? report.json))
        } else {
            var lines = report.prettyLines
            if let coverageReport { lines += coverageReport.text + [String(repeating: "-", count: 80)] }
            lines += report.summary
            Output.out(lines.joined(separator: "\n"))
        }
        if tests.isEmpty {
            Output.err("agentspec policy test: no test cases found")
            return ExitCode.failure
        }
        if report.failed > 0 { return ExitCode.failure }
        if let threshold, let measured, measured.percent < threshold {
            Output.err("Code coverage threshold not met: got \(CoverageReport.percentText(measured.percent)) instead of \(CoverageReport.percentText(threshold))")
            return compileFailure
        }
        return ExitCode.success
    }

    static func usage(_ message: String) -> Int32 {
        Output.err("agentspec policy test: \(message) (see --help)")
        return ExitCode.usage
    }
}

/// Go's duration syntax as OPA's `--timeout` takes it: `300ms`, `1.5s`, `2m30s`, `1h`.
enum GoDuration {
    static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)]
        var rest = Substring(text)
        var total = 0.0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.0) && !(($0.0 == "m") && rest.hasPrefix("ms")) }) else { return nil }
            rest = rest.dropFirst(unit.0.count)
            total += value * unit.1
        }
        return total
    }
}
