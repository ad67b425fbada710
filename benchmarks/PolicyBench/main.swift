// PolicyBench: release-build benchmark of the embedded VM on the GymCoach policy:
// per-decision time from a prebuilt input value and from JSON text, the fixed cost of
// an evaluation, and compile time.
// Usage: swift run -c release PolicyBench [--quick] [--prebuilt-only]
import PolicyVM
#if canImport(Glibc)
import Glibc
#endif

let quick = CommandLine.arguments.contains("--quick")
let skipJSON = CommandLine.arguments.contains("--prebuilt-only")
let batches = quick ? 50 : 400
let perBatch = quick ? 200 : 2_000

func fail(_ message: String) -> Never {
    print("PolicyBench: \(message)")
    exit(1)
}

let data: Value
let input: Value
do {
    data = try JSONReader.parse(GymCoachPolicy.dataJSON)
    input = try JSONReader.parse(GymCoachPolicy.inputJSON)
} catch { fail("bad fixture JSON: \(error)") }

// `--profile-loop N`: only run N decisions (for perf record), print nothing else.
if let i = CommandLine.arguments.firstIndex(of: "--profile-loop"), i + 1 < CommandLine.arguments.count,
   let n = Int(CommandLine.arguments[i + 1]) {
    let p = try! PolicyCompiler.compile([("gymcoach.rego", GymCoachPolicy.source)], data: data)
    let q = try! PreparedQuery.document(["agentspec", "agent", "gymcoach", "deny"], program: p)
    var count = 0
    let evaluator = QueryEvaluator(q)
    let fromText = CommandLine.arguments.contains("--json")
    for _ in 0..<n {
        let v = fromText ? try! JSONReader.parse(GymCoachPolicy.inputJSON) : input
        if case .set(let s)? = try? evaluator.evaluateValue(input: v) { count &+= s.count }
    }
    print(count)
    exit(0)
}

// Compile time: parse, check, compile and verify the policy plus its decision query.
var compileSamples: [Double] = []
var query: PreparedQuery?
for _ in 0..<(quick ? 20 : 200) {
    let start = Timing.now()
    do {
        let p = try PolicyCompiler.compile([("gymcoach.rego", GymCoachPolicy.source)], data: data)
        query = try PreparedQuery.document(["agentspec", "agent", "gymcoach", "deny"], program: p)
    } catch { fail("compile failed: \(error)") }
    compileSamples.append(Double(Timing.now() - start))
}
compileSamples.sort()
guard let deny = query else { fail("no query") }

// Correctness first: a benchmark of a wrong answer measures nothing.
do {
    let v = try deny.evaluateValue(input: input)
    guard v == GymCoachPolicy.expectedDeny else { fail("unexpected decision \(v.map(JSONWriter.write) ?? "undefined")") }
} catch { fail("evaluation failed: \(error)") }

var sink = 0
// A decision as the sidecar makes it: one reusable evaluator per thread.
let evaluator = QueryEvaluator(deny)
let prebuilt = Timing.sample(batches: batches, perBatch: perBatch) {
    if case .set(let s)? = try? evaluator.evaluateValue(input: input) { sink &+= s.count }
}
// The same without reuse: a fresh evaluation (registers, memo) per decision.
let prebuiltFresh = Timing.sample(batches: batches, perBatch: perBatch) {
    if case .set(let s)? = try? deny.evaluateValue(input: input) { sink &+= s.count }
}
let inputText = GymCoachPolicy.inputJSON
let fromJSON = skipJSON ? [] : Timing.sample(batches: batches, perBatch: perBatch) {
    if let v = try? JSONReader.parse(inputText), case .set(let s)? = try? evaluator.evaluateValue(input: v) { sink &+= s.count }
}

// The fixed cost of an evaluation: a query that only reads a constant rule.
let trivialProgram: Program
let trivial: PreparedQuery
do {
    trivialProgram = try PolicyCompiler.compile([("t.rego", "package t\nx := 1\n")])
    trivial = try PreparedQuery.document(["t", "x"], program: trivialProgram)
} catch { fail("compile failed: \(error)") }
let overhead = Timing.sample(batches: batches, perBatch: perBatch) {
    if case .number? = try? trivial.evaluateValue(input: input) { sink &+= 1 }
}

func row(_ name: String, _ samples: [Double]) {
    let padded = name + String(repeating: " ", count: max(0, 38 - name.count))
    if samples.isEmpty { print("| \(padded)| skipped | skipped |"); return }
    print("| \(padded)| \(Timing.format(Timing.percentile(samples, 0.5))) | \(Timing.format(Timing.percentile(samples, 0.99))) |")
}

print("GymCoach policy, embedded VM (release build, \(batches)x\(perBatch) decisions per row)")
print("| measurement                           | median ns | p99 ns |")
print("|---------------------------------------|-----------|--------|")
row("decision from prebuilt input value", prebuilt)
row("same, fresh evaluation per decision", prebuiltFresh)
row("decision from JSON input text", fromJSON)
row("evaluation overhead (trivial rule)", overhead)
row("compile policy + query", compileSamples)
if sink == 42 { print("") }
