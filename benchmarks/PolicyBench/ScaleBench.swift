// ScaleBench: the rows of issue 16 that grow the work: array, set and object
// comprehensions over 1,000 / 10,000 / 100,000 input elements; 1 / 10 / 100 / 1,000 rules
// testing input.action (the rule index); a decision over a 1 MB input; a lookup in
// 100,000-entry data. Each is timed on the embedded VM (prebuilt input value, and JSON
// input text parsed per call) and on OPA in-process (JSON input) in the same run, with
// the process's peak resident memory after the row.
// Invariant: a row's OPA figure is printed only when OPA gave the VM's answer.
import PolicyVM
#if canImport(Glibc)
import Glibc
#endif

enum ScaleBench {
    struct Row {
        let name: String
        /// The module; its package is `bench.scale.<id>` and the decision is its rule `x`.
        let module: (_ package: String) -> String
        /// Data below `data.benchscale.<id>` (the module reads it there), or nil.
        let data: Value?
        let inputJSON: String
        /// How heavy a decision is: light rows are timed in batches, heavy ones per call.
        let heavy: Bool
    }

    static func rows() -> [Row] {
        var rows: [Row] = []
        for n in [1_000, 10_000, 100_000] {
            let input = "{\"xs\": [" + (0..<n).map(String.init).joined(separator: ",") + "]}"
            for (kind, comprehension) in [("array", "[v | some v in input.xs]"), ("set", "{v | some v in input.xs}"),
                                          ("object", "{v: 1 | some v in input.xs}")] {
                rows.append(Row(name: "\(kind) comprehension, \(n)", module: { "package \($0)\n\nx := count(\(comprehension))\n" },
                                data: nil, inputJSON: input, heavy: n >= 10_000))
            }
        }
        for n in [1, 10, 100, 1_000] {
            rows.append(Row(name: "\(n) rule\(n == 1 ? "" : "s") on input.action", module: { package in
                "package \(package)\n\n" + (0..<n).map { "x contains \"r\($0)\" if input.action == \"a\($0)\"\n" }.joined()
            }, data: nil, inputJSON: "{\"action\": \"a\(n / 2)\", \"user\": \"ann\"}", heavy: false))
        }
        // About 1 MB: 10,000 events of ~100 bytes; every 100th deletes.
        let events = (0..<10_000).map { i in
            "{\"id\": \"event-\(i)\", \"kind\": \"\(i % 100 == 0 ? "delete" : "read")\", \"user\": \"user-\(i % 97)\", \"note\": \"\(String(repeating: "n", count: 30))\"}"
        }
        rows.append(Row(name: "1 MB input, deletions", module: {
            "package \($0)\n\nx contains e.id if {\n\tsome e in input.events\n\te.kind == \"delete\"\n}\n"
        }, data: nil, inputJSON: "{\"events\": [" + events.joined(separator: ",") + "]}", heavy: true))
        let users = RegoObject(Dictionary(uniqueKeysWithValues: (0..<100_000).map { i in
            (Value.string("user-\(i)"), Value.object(RegoObject([.string("role"): .string(i % 1000 == 0 ? "admin" : "member")])))
        }))
        rows.append(Row(name: "100,000-entry data, lookup", module: { package in
            let id = package.split(separator: ".").last!
            return "package \(package)\n\nx if data.benchscale.\(id).users[input.user].role == \"admin\"\n"
        }, data: .object(RegoObject([.string("users"): .object(users)])), inputJSON: "{\"user\": \"user-5000\"}", heavy: false))
        return rows
    }

    static func peakMegabytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss / 1024
    }

    /// Times every row; prints one table. OPA columns are "n/a" without `opaHome`.
    static func run(opaHome: String?, quick: Bool) {
        var notes: [String] = []
        var opa: OPAInProcess?
        if let opaHome {
            switch OPAInProcess.load(home: opaHome) {
            case .success(let o): opa = o
            case .failure(let e): notes.append("OPA in-process: not measured (\(e))")
            }
        } else {
            notes.append("OPA in-process: not measured (no --opa-home)")
        }
        print("")
        print("Scale (release build; median ns per decision; thread CPU time; peak RSS of the process after the row)")
        print("| workload                            | VM prebuilt | VM JSON   | OPA JSON  | OPA / VM JSON | peak MB |")
        print("|-------------------------------------|-------------|-----------|-----------|---------------|---------|")
        var sink = 0
        for (i, row) in rows().enumerated() {
            let id = "r\(i)"
            let package = "bench.scale.\(id)"
            let data = row.data.map { Value.object(RegoObject([.string("benchscale"): .object(RegoObject([.string(id): $0]))])) } ?? .emptyObject
            let calls = row.heavy ? (quick ? 3 : 30) : (quick ? 100 : 2_000)
            let evaluator: QueryEvaluator
            let input: Value
            let answer: Value?
            do {
                let program = try PolicyCompiler.compile([("\(id).rego", row.module(package))], data: data)
                evaluator = QueryEvaluator(try PreparedQuery.document(["bench", "scale", id, "x"], program: program))
                input = try JSONReader.parse(row.inputJSON)
                answer = try evaluator.evaluateValue(input: input)
            } catch {
                print("| \(pad(row.name, 35)) | failed: \(error) |")
                continue
            }
            let text = row.inputJSON
            let prebuilt = row.heavy ? Timing.sampleEach(calls) { if (try? evaluator.evaluateValue(input: input)) != nil { sink &+= 1 } }
                : Timing.sample(batches: quick ? 20 : 200, perBatch: calls / 10) { if (try? evaluator.evaluateValue(input: input)) != nil { sink &+= 1 } }
            let json = Timing.sampleEach(calls) {
                if let v = try? JSONReader.parse(text), (try? evaluator.evaluateValue(input: v)) != nil { sink &+= 1 }
            }
            let vmJSON = Timing.percentile(json, 0.5)
            var opaMedian = "n/a", ratio = "n/a"
            if let opa, let answer {
                let loaded = opa.add(policy: "\(id).rego", source: row.module(package)) == nil
                    && (row.data.map { opa.add(dataAt: "benchscale.\(id)", json: JSONWriter.write($0)) == nil } ?? true)
                let path = package + ".x"
                let opaAnswer = opa.evaluate(path, inputJSON: text)
                if loaded && opaAnswer.contains(JSONWriter.write(answer)) {
                    let samples = Timing.sampleEach(calls) { sink &+= opa.evaluate(path, inputJSON: text).count }
                    let median = Timing.percentile(samples, 0.5)
                    opaMedian = Timing.format(median)
                    ratio = String(format: "%.1fx", median / vmJSON)
                } else {
                    notes.append("\(row.name): OPA answered \(opaAnswer.prefix(200)), VM \(JSONWriter.write(answer).prefix(200))")
                }
            }
            print("| \(pad(row.name, 35)) | \(pad(Timing.format(Timing.percentile(prebuilt, 0.5)), 11)) | \(pad(Timing.format(vmJSON), 9)) "
                  + "| \(pad(opaMedian, 9)) | \(pad(ratio, 13)) | \(pad(String(peakMegabytes()), 7)) |")
        }
        for n in notes { print("note: " + n) }
        if sink == 42 { print("") }
    }

    private static func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
}
