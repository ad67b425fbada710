// `agentspec policy bench QUERY [-d PATH]... [-b BUNDLE]... [-i FILE] [--count N]
// [--format pretty|json]`: evaluates a query N times on the embedded VM and reports the
// time per evaluation and the VM instructions per evaluation, like `opa bench`
// (its table, and its JSON shape: Go's testing.BenchmarkResult {"N","T","Extra"}).
// Allocations are not reported: Swift on Linux gives a program no allocation counter
// short of replacing malloc. Exit 0 measured, 1 the policies, input or query do not
// load, compile or evaluate (OPA's), 64 usage error.
import AgentSpec
import Dispatch
import PolicyVM

enum PolicyBenchCommand {
    static let options = OptionTable(
        valued: ["-d": "data", "--data": "data", "-b": "bundle", "--bundle": "bundle", "-i": "input", "--input": "input",
                 "--count": "count", "-f": "format", "--format": "format"],
        choices: ["format": ["pretty", "json"]])

    /// Evaluations timed when --count is not given: enough for stable percentiles of a
    /// microsecond decision, few enough to finish at once for a slow one.
    static let defaultCount = 1000

    static let command = Command(
        path: ["policy", "bench"],
        summary: "Time a Rego query's evaluation on the embedded VM (like opa bench)",
        help: """
        Usage: agentspec policy bench [-d PATH]... [-b BUNDLE]... [-i FILE] [--count N] [--format pretty|json] QUERY

        Compiles the query once, evaluates it once untimed (warm-up), then N times timed.

        Options:
          -d, --data PATH     policies and data, as policy eval -d (repeatable)
          -b, --bundle PATH   a bundle, as policy eval -b (repeatable)
          -i, --input FILE    the input document, JSON or YAML
          --count N           evaluations to time (default \(defaultCount))
          -f, --format F      pretty (default: a table) or json (Go's BenchmarkResult:
                              {"N","T","Extra":{"ns/op","instructions/op",
                              "histogram_timer_rego_query_eval_ns_<stat>"}})

        Reported: samples, ns/op, instructions/op (VM instructions per evaluation) and
        the distribution of single evaluation times (min, 50%, 90%, 99%, max). Allocations
        (OPA's B/op, allocs/op) are not measured. Exit status: 0 measured, 1 load,
        compile or evaluation error (with -f json as {"errors":[…]} on stdout), 64 usage error.
        """,
        options: options, operands: .none, run: run)

    static func run(_ args: [String]) -> Int32 {
        let parsed: ArgumentList, query: String, format: String
        do {
            parsed = try ArgumentList(args, options)
            query = try parsed.single("QUERY")
            format = try parsed.choice("format", of: ["pretty", "json"], default: "pretty")
        } catch { return usage(error.message) }
        var count = defaultCount
        if let text = parsed.value("count") {
            guard let n = Int(text), n > 0 else { return usage("--count must be a positive integer, got \"\(text)\"") }
            count = n
        }
        let asJSON = format == "json"
        func fail(_ messages: [String]) -> Int32 {
            if asJSON { Output.write(EvalOutput.jsonErrors(messages: messages), fd: 1) }
            for m in messages { Output.err("error: \(m)") }
            return ExitCode.failure
        }
        let loaded: LoadedPolicy
        do { loaded = try PolicyFileLoader.load(dataFiles: parsed.values("data"), bundles: parsed.values("bundle")) } catch {
            return fail([error.description])
        }
        var input: Value?
        if let path = parsed.value("input") {
            do { input = try DataFileReader.readInput(path, name: nil) } catch { return fail(["unable to parse input: \(error)"]) }
        }
        let prepared: PreparedQuery
        do { prepared = try PolicyLoading.compile(query, loaded) } catch {
            if asJSON { Output.write(EvalOutput.jsonErrors(error.errors), fd: 1) }
            else { PolicyLoading.report(error.errors, sources: loaded.modules, query: query) }
            return ExitCode.failure
        }
        let measured: BenchmarkResult
        do { measured = try BenchmarkResult.measure(prepared, input: input, count: count) } catch {
            if asJSON { Output.write(EvalOutput.jsonErrors([error]), fd: 1) }
            else { PolicyLoading.report([error], sources: loaded.modules, query: query) }
            return ExitCode.failure
        }
        Output.write(asJSON ? measured.json : measured.table, fd: 1)
        return ExitCode.success
    }

    static func usage(_ message: String) -> Int32 { Output.usageError("policy bench", message) }
}

/// N timed evaluations of one query.
struct BenchmarkResult {
    /// Each evaluation's time, sorted.
    let samples: [UInt64]
    let instructionsPerEvaluation: Int

    static func measure(_ query: PreparedQuery, input: Value?, count: Int) throws(PolicyError) -> BenchmarkResult {
        let warmUp = try query.evaluate(input: input)
        var samples: [UInt64] = []
        samples.reserveCapacity(count)
        for _ in 0..<count {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try query.evaluate(input: input)
            samples.append(DispatchTime.now().uptimeNanoseconds - start)
        }
        return BenchmarkResult(samples: samples.sorted(), instructionsPerEvaluation: warmUp.instructions)
    }

    var total: UInt64 { samples.reduce(0, +) }
    var nanosecondsPerOperation: UInt64 { total / UInt64(max(1, samples.count)) }

    /// The sample at quantile `q` (nearest rank).
    func quantile(_ q: Double) -> UInt64 {
        guard !samples.isEmpty else { return 0 }
        let rank = Int((q * Double(samples.count)).rounded(.up)) - 1
        return samples[min(max(rank, 0), samples.count - 1)]
    }

    /// The distribution, under OPA's metric names.
    var histogram: [(String, UInt64)] {
        [("min", samples.first ?? 0), ("50%", quantile(0.5)), ("90%", quantile(0.9)), ("99%", quantile(0.99)),
         ("max", samples.last ?? 0)].map { ("histogram_timer_rego_query_eval_ns_" + $0.0, $0.1) }
    }

    /// OPA's pretty output: a two-column ASCII table, names left, figures right.
    var table: String {
        let rows: [(String, String)] = [("samples", "\(samples.count)"), ("ns/op", "\(nanosecondsPerOperation)"),
                                        ("instructions/op", "\(instructionsPerEvaluation)")]
            + histogram.map { ($0.0, "\($0.1)") }
        let nameWidth = rows.map(\.0.count).max() ?? 0, figureWidth = rows.map(\.1.count).max() ?? 0
        let border = "+" + String(repeating: "-", count: nameWidth + 2) + "+" + String(repeating: "-", count: figureWidth + 2) + "+\n"
        let lines = rows.map { name, figure in
            "| " + name + String(repeating: " ", count: nameWidth - name.count) + " | "
                + String(repeating: " ", count: figureWidth - figure.count) + figure + " |\n"
        }
        return border + lines.joined() + border
    }

    /// Go's testing.BenchmarkResult as OPA prints it, with our figures in `Extra`.
    var json: String {
        var extra: [(String, GoJSONLayout)] = [("ns/op", .value(.int(Int(nanosecondsPerOperation)))),
                                               ("instructions/op", .value(.int(instructionsPerEvaluation)))]
        extra += histogram.map { ($0.0, .value(.int(Int($0.1)))) }
        return GoJSONLayout.fields([("N", .value(.int(samples.count))), ("T", .value(.int(Int(total)))),
                                    ("Extra", .fields(extra))]).document()
    }
}
