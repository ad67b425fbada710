// ResultTable: collects the benchmark's samples by workload and engine path and prints
// them as one Markdown table (median and p99 ns per decision), then the ratios of OPA
// (in-process and remote) to the embedded VM on a prebuilt input, then notes on rows
// that could not be measured. A missing measurement prints as "n/a", never as 0.
import Foundation

/// How a decision was made.
enum DecisionPath: String, CaseIterable {
    case vmPrebuilt = "embedded VM, prebuilt input value"
    case vmJSON = "embedded VM, JSON input text"
    case opaInProcess = "OPA in-process (dlopen), JSON input"
    case opaRemote = "OPA remote (opa_server.py, HTTP keep-alive)"
}

/// Samples (sorted per-decision ns) by workload and path, in insertion order.
struct ResultTable {
    private var rows: [(workload: String, path: DecisionPath, samples: [Double])] = []
    var compile: [Double] = []
    var notes: [String] = []

    mutating func add(_ workload: String, _ path: DecisionPath, _ samples: [Double]) {
        rows.append((workload, path, samples))
    }

    private func median(_ workload: String, _ path: DecisionPath) -> Double? {
        rows.first { $0.workload == workload && $0.path == path }.map { Timing.percentile($0.samples, 0.5) }
    }

    func print(batches: Int, perBatch: Int, wall: Bool) {
        let clock = wall ? "monotonic clock" : "thread CPU time; remote rows wall clock"
        Swift.print("Policy decisions (release build; VM rows: \(batches)x\(perBatch) decisions; \(clock))")
        Swift.print("| policy    | path                                          | median ns | p99 ns   |")
        Swift.print("|-----------|-----------------------------------------------|-----------|-----------|")
        let workloads = rows.map(\.workload).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for w in workloads {
            for path in DecisionPath.allCases {
                guard let r = rows.first(where: { $0.workload == w && $0.path == path }) else {
                    if path == .opaInProcess || path == .opaRemote { line(w, path.rawValue, "n/a", "n/a") }
                    continue
                }
                line(w, path.rawValue, Timing.format(Timing.percentile(r.samples, 0.5)), Timing.format(Timing.percentile(r.samples, 0.99)))
            }
        }
        if !compile.isEmpty {
            line("GymCoach", "compile policy + query", Timing.format(Timing.percentile(compile, 0.5)), Timing.format(Timing.percentile(compile, 0.99)))
        }
        Swift.print("")
        Swift.print("| policy    | OPA in-process / VM | remote OPA / VM |")
        Swift.print("|-----------|---------------------|-----------------|")
        for w in workloads {
            guard let vm = median(w, .vmPrebuilt), vm > 0 else { continue }
            let inProcess = median(w, .opaInProcess).map { String(format: "%.0fx", $0 / vm) } ?? "n/a"
            let remote = median(w, .opaRemote).map { String(format: "%.0fx", $0 / vm) } ?? "n/a"
            Swift.print("| \(pad(w, 9)) | \(pad(inProcess, 19)) | \(pad(remote, 15)) |")
        }
        for n in notes { Swift.print("note: " + n) }
    }

    private func line(_ w: String, _ path: String, _ median: String, _ p99: String) {
        Swift.print("| \(pad(w, 9)) | \(pad(path, 45)) | \(pad(median, 9)) | \(pad(p99, 8)) |")
    }

    private func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
}

/// Writes fixture files for the remote OPA server.
enum Fixtures {
    static func write(_ path: String, _ text: String) {
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            Swift.print("PolicyBench: cannot write \(path)")
            exit(1)
        }
    }
}
