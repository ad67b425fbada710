// RegexBench: the regular-expression rows: nested-quantifier patterns (the issue's
// ((((((((((a*)*)*)*)*)*)*)*)*)*)*$ among them) over texts of 1 KB and 1 MB, timed per
// call through a compiled policy on the embedded VM and on OPA in-process in the same
// run. The text sits in data for both engines, so neither row parses it per call.
// Invariant: a row is printed only after both engines agree on its answer.
import PolicyVM

enum RegexBench {
    struct Case: Sendable {
        let name: String
        /// The Rego expression, over `data.bench.regex.text`.
        let expression: String
        /// The text of `size` bytes the expression runs over.
        let text: @Sendable (Int) -> String
    }

    static let cases: [Case] = [
        Case(name: "((((((((((a*)*)*)*)*)*)*)*)*)*)*$ match", expression: "regex.match(`((((((((((a*)*)*)*)*)*)*)*)*)*)*$`, t)") {
            String(repeating: "a", count: $0 - 1) + "b"
        },
        Case(name: "(a+)+$ match", expression: "regex.match(`(a+)+$`, t)") { String(repeating: "a", count: $0 - 1) + "b" },
        Case(name: "(a|aa)+b match", expression: "regex.match(`(a|aa)+b`, t)") { String(repeating: "a", count: $0) },
        Case(name: "^(\\w+\\s?)*$ match", expression: "regex.match(`^(\\w+\\s?)*$`, t)") {
            String(String(repeating: "word ", count: $0 / 5 + 1).prefix($0 - 1)) + "!"
        },
        Case(name: "(x+x+)+y match", expression: "regex.match(`(x+x+)+y`, t)") { String(repeating: "x", count: $0) },
        Case(name: "((((((((((a*)*)*)*)*)*)*)*)*)*)*$ find_all_submatch",
             expression: "count(regex.find_all_string_submatch_n(`((((((((((a*)*)*)*)*)*)*)*)*)*)*$`, t, -1))") {
            String(repeating: "a", count: $0 - 1) + "b"
        },
    ]

    static let sizes = [(name: "1 KB", bytes: 1_000), (name: "1 MB", bytes: 1_000_000)]

    /// `--regex-profile CASE BYTES vm|opa N`: only N calls of one row on one engine, for
    /// callgrind (run it with two N and take the difference, so setup cancels out).
    static func profile(_ args: [String], opaHome: String?) -> Bool {
        guard args.count == 4, let i = Int(args[0]), cases.indices.contains(i), let bytes = Int(args[1]),
              let n = Int(args[3]) else { return false }
        let c = cases[i]
        let text = c.text(bytes)
        let module = "package bench.regex\n\nr := x if {\n\tt := data.bench.text\n\tx := \(c.expression)\n}\n"
        var sink = 0
        if args[2] == "opa" {
            guard let opaHome, case .success(let opa) = OPAInProcess.load(home: opaHome),
                  opa.add(policy: "r.rego", source: module) == nil,
                  opa.add(dataAt: "bench.text", json: JSONWriter.write(.string(text))) == nil else { return false }
            for _ in 0..<n { sink &+= opa.evaluate("bench.regex.r", inputJSON: "null").count }
        } else {
            let data = Value.object(RegoObject([.string("bench"): .object(RegoObject([.string("text"): .string(text)]))]))
            guard let program = try? PolicyCompiler.compile([("regex.rego", module)], data: data),
                  let query = try? PreparedQuery.document(["bench", "regex", "r"], program: program) else { return false }
            let evaluator = QueryEvaluator(query)
            for _ in 0..<n { if case .bool(true)? = try? evaluator.evaluateValue(input: nil) { sink &+= 1 } }
        }
        print(sink)
        return true
    }

    /// Times every case at every size; prints one table. OPA rows are "n/a" without `opaHome`.
    static func run(opaHome: String?, quick: Bool) {
        let opa: OPAInProcess?
        var notes: [String] = []
        if let opaHome {
            switch OPAInProcess.load(home: opaHome) {
            case .success(let o): opa = o
            case .failure(let e): opa = nil; notes.append("OPA in-process: not measured (\(e))")
            }
        } else {
            opa = nil
            notes.append("OPA in-process: not measured (no --opa-home)")
        }
        print("")
        print("Regular expressions (release build; time per call, text in data; thread CPU time)")
        print("| pattern and builtin                                  | text | VM median ns | OPA median ns | OPA / VM |")
        print("|------------------------------------------------------|------|--------------|---------------|----------|")
        var sink = 0
        for (caseIndex, c) in cases.enumerated() {
            for size in sizes {
                let text = c.text(size.bytes)
                let module = "package bench.regex\n\nr\(caseIndex) := x if {\n\tt := data.bench.text\n\tx := \(c.expression)\n}\n"
                let data = Value.object(RegoObject([.string("bench"): .object(RegoObject([.string("text"): .string(text)]))]))
                let calls = size.bytes >= 1_000_000 ? (quick ? 3 : 20) : (quick ? 200 : 2_000)
                let vmAnswer: Value?
                let vmSamples: [Double]
                do {
                    let program = try PolicyCompiler.compile([("regex.rego", module)], data: data)
                    let query = try PreparedQuery.document(["bench", "regex", "r\(caseIndex)"], program: program)
                    let evaluator = QueryEvaluator(query)
                    vmAnswer = try evaluator.evaluateValue(input: nil)
                    vmSamples = Timing.sampleEach(calls) {
                        if case .bool(true)? = try? evaluator.evaluateValue(input: nil) { sink &+= 1 }
                    }
                } catch {
                    print("| \(c.name) | \(size.name) | failed: \(error) |")
                    continue
                }
                var opaMedian = "n/a", ratio = "n/a"
                if let opa {
                    // One engine holds every row: each gets its own package and its own text.
                    let pkg = "bench.regex\(caseIndex)s\(size.bytes)"
                    let opaModule = module.replacingOccurrences(of: "package bench.regex", with: "package " + pkg)
                        .replacingOccurrences(of: "data.bench.text", with: "data.benchtext.\(pkg.replacingOccurrences(of: ".", with: "_"))")
                    let ok = opa.add(policy: "\(pkg).rego", source: opaModule) == nil
                        && opa.add(dataAt: "benchtext." + pkg.replacingOccurrences(of: ".", with: "_"), json: JSONWriter.write(.string(text))) == nil
                    let path = pkg + ".r\(caseIndex)"
                    let answer = opa.evaluate(path, inputJSON: "null")
                    if ok, let v = vmAnswer, answer.contains(JSONWriter.write(v)) {
                        let samples = Timing.sampleEach(calls) { sink &+= opa.evaluate(path, inputJSON: "null").count }
                        let median = Timing.percentile(samples, 0.5)
                        opaMedian = Timing.format(median)
                        ratio = String(format: "%.1fx", median / Timing.percentile(vmSamples, 0.5))
                    } else {
                        notes.append("\(c.name) \(size.name): OPA answered \(answer.prefix(200)), VM \(vmAnswer.map(JSONWriter.write) ?? "undefined")")
                    }
                }
                print("| \(pad(c.name, 52)) | \(size.name) | \(pad(Timing.format(Timing.percentile(vmSamples, 0.5)), 12)) | \(pad(opaMedian, 13)) | \(pad(ratio, 8)) |")
            }
        }
        for n in notes { print("note: " + n) }
        if sink == 42 { print("") }
    }

    private static func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
}
