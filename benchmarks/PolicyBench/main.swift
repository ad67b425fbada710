// PolicyBench: release-build benchmark of policy decisions, printed as one table:
// the embedded VM (prebuilt input value, JSON input text) on GymCoach, the shipped
// library and policies of 1/10/100 rules; the same decisions through the real OPA
// engine in-process (dlopen of libopabridge.so) and through opa_server.py over
// loopback keep-alive HTTP; and the ratios. Rows whose engine is unavailable say so.
// Then the regular-expression rows (RegexBench) and the scale rows (ScaleBench:
// comprehensions, rule counts, a 1 MB input, 100,000-entry data).
// Usage: swift run -c release PolicyBench [--quick] [--wall] [--opa-home DIR]
//        [--opa-port N] [--library FILE] [--write-fixtures DIR] [--regex-only] [--scale-only]
//        [--regex-profile CASE BYTES vm|opa N]
import Foundation
import PolicyVM
#if canImport(Glibc)
import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}
let quick = arguments.contains("--quick")
// `--regex-only`: only the regular-expression rows (RegexBench).
if let i = arguments.firstIndex(of: "--regex-profile") {
    guard RegexBench.profile(Array(arguments[(i + 1)...].prefix(4)), opaHome: option("--opa-home")) else {
        fail("--regex-profile CASE BYTES vm|opa N: bad arguments or engine")
    }
    exit(0)
}
if arguments.contains("--regex-only") {
    RegexBench.run(opaHome: option("--opa-home"), quick: quick)
    exit(0)
}
if arguments.contains("--wall") { Timing.clock = CLOCK_MONOTONIC }
// `--scale-only`: only the scale rows (ScaleBench).
if arguments.contains("--scale-only") {
    ScaleBench.run(opaHome: option("--opa-home"), quick: quick)
    exit(0)
}
let batches = quick ? 50 : 300
let perBatch = quick ? 100 : 1_000
let externalCalls = quick ? 300 : 3_000

func fail(_ message: String) -> Never {
    print("PolicyBench: \(message)")
    exit(1)
}

let workloads: [Workload]
do {
    let libraryPath = option("--library") ?? "policies/agentspec/behaviour.rego"
    guard let librarySource = try? String(contentsOfFile: libraryPath, encoding: .utf8) else { fail("cannot read \(libraryPath)") }
    workloads = [try Workloads.gymcoach(), try Workloads.library(source: librarySource),
                 try Workloads.batch(1), try Workloads.batch(10), try Workloads.batch(100)]
} catch { fail("bad fixture: \(error)") }
let allData = workloads.reduce(Value.emptyObject) { PolicyBundle.merge($0, $1.data, at: []) }

if let dir = option("--write-fixtures") {
    // The files opa_server.py serves for the remote rows: every module and one data.json.
    for w in workloads { for m in w.modules { Fixtures.write(dir + "/" + m.name, m.text) } }
    Fixtures.write(dir + "/data.json", JSONWriter.write(allData))
    exit(0)
}

// `--profile-loop N`: only N GymCoach decisions on a reusable evaluator, for profilers
// (callgrind, perf); prints the number of violations seen. With `--json`, each decision
// parses the input text first (the JSON row of the table).
if let n = option("--profile-loop").flatMap(Int.init) {
    let w = workloads[0]
    guard let program = try? PolicyCompiler.compile(w.modules, data: w.data),
          let query = try? PreparedQuery.document(w.path, program: program),
          let input = try? JSONReader.parse(w.inputJSON) else { fail("cannot prepare the profile loop") }
    let evaluator = QueryEvaluator(query)
    var seen = 0
    if arguments.contains("--json") {
        let text = w.inputJSON
        for _ in 0..<n {
            if let v = try? JSONReader.parse(text), case .set(let s)? = try? evaluator.evaluateValue(input: v) { seen &+= s.count }
        }
    } else {
        for _ in 0..<n { if case .set(let s)? = try? evaluator.evaluateValue(input: input) { seen &+= s.count } }
    }
    print(seen)
    exit(0)
}

var table = ResultTable()

// Compile time of the GymCoach policy plus its decision query.
do {
    let w = workloads[0]
    var samples: [Double] = []
    for _ in 0..<(quick ? 20 : 200) {
        let start = Timing.now()
        do {
            let p = try PolicyCompiler.compile(w.modules, data: w.data)
            _ = try PreparedQuery.document(w.path, program: p)
        } catch { fail("compile failed: \(error)") }
        samples.append(Double(Timing.now() - start))
    }
    table.compile = samples.sorted()
}

// The embedded VM: each workload compiled on its own, as the sidecar compiles one
// agent's policy (an evaluation sizes its registers and memo to its program).
var sink = 0
for w in workloads {
    let query: PreparedQuery
    let input: Value
    do {
        let program = try PolicyCompiler.compile(w.modules, data: w.data)
        query = try PreparedQuery.document(w.path, program: program)
        input = try JSONReader.parse(w.inputJSON)
        let v = try query.evaluateValue(input: input)
        guard v == w.expected else { fail("\(w.name): VM decided \(v.map(JSONWriter.write) ?? "undefined")") }
    } catch { fail("\(w.name): \(error)") }
    // A decision as the sidecar makes it: one reusable evaluator per worker thread.
    let evaluator = QueryEvaluator(query)
    table.add(w.name, .vmPrebuilt, Timing.sample(batches: batches, perBatch: perBatch) {
        if case .set(let s)? = try? evaluator.evaluateValue(input: input) { sink &+= s.count }
    })
    let text = w.inputJSON
    table.add(w.name, .vmJSON, Timing.sample(batches: batches, perBatch: perBatch) {
        if let v = try? JSONReader.parse(text), case .set(let s)? = try? evaluator.evaluateValue(input: v) { sink &+= s.count }
    })
}

/// Whether an OPA envelope `{"result": …}` holds the expected deny set.
func opaAgrees(_ envelope: String, _ w: Workload) -> Bool {
    guard let v = try? JSONReader.parse(envelope), case .object(let o) = v, let result = o["result"] else { return false }
    var value = result
    // OpaEvalDocument answers with a result set; the REST API with the document itself.
    if case .array(let rows) = result, case .object(let row)? = rows.first,
       case .array(let exprs)? = row["expressions"], case .object(let e)? = exprs.first, let inner = e["value"] {
        value = inner
    }
    guard case .array(let ids) = value else { return false }
    return Value.set(Set(ids)) == w.expected
}

// The real OPA engine, in this process.
if let home = option("--opa-home") {
    switch OPAInProcess.load(home: home) {
    case .failure(let e): table.notes.append("OPA in-process: not measured (\(e))")
    case .success(let opa):
        var ready = true
        for w in workloads { for m in w.modules { if let e = opa.add(policy: m.name, source: m.text) { table.notes.append("OPA rejected \(m.name): \(e)"); ready = false } } }
        if let e = opa.add(dataAt: "", json: JSONWriter.write(allData)) { table.notes.append("OPA rejected the data: \(e)"); ready = false }
        for w in workloads where ready {
            let answer = opa.evaluate(w.dotted, inputJSON: w.inputJSON)
            guard opaAgrees(answer, w) else { fail("\(w.name): OPA in-process answered \(answer)") }
            table.add(w.name, .opaInProcess, Timing.sampleEach(externalCalls) { sink &+= opa.evaluate(w.dotted, inputJSON: w.inputJSON).count })
        }
    }
} else {
    table.notes.append("OPA in-process: not measured (no --opa-home; ../shared/tools/opa/install.sh could not install the engine)")
}

// A remote OPA (opa_server.py) over one keep-alive loopback connection.
if let portText = option("--opa-port"), let port = UInt16(portText) {
    do {
        let client = try LoopbackHTTPClient(port: port)
        for w in workloads {
            let body = "{\"input\":" + w.inputJSON + "}"
            guard let answer = client.post(w.restPath, json: body), opaAgrees(answer, w) else {
                fail("\(w.name): remote OPA gave a wrong or no answer")
            }
            table.add(w.name, .opaRemote, Timing.sampleEach(quick ? 100 : 1_000, wall: true) { sink &+= client.post(w.restPath, json: body)?.count ?? 0 })
        }
    } catch { table.notes.append("remote OPA: not measured (\(error))") }
} else {
    table.notes.append("remote OPA: not measured (no --opa-port)")
}

table.print(batches: batches, perBatch: perBatch, wall: arguments.contains("--wall"))
RegexBench.run(opaHome: option("--opa-home"), quick: quick)
ScaleBench.run(opaHome: option("--opa-home"), quick: quick)
if sink == 42 { print("") }
