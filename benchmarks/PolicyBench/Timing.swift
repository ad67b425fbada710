// Timing: a monotonic clock and the statistics the benchmark prints (median, p99).
#if canImport(Glibc)
import Glibc
#endif

enum Timing {
    static func now() -> UInt64 {
        var ts = timespec()
        // Thread CPU time: in-process work only, so builds running beside the benchmark
        // disturb the figures less than wall time would.
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Runs `body` in batches and returns per-call nanoseconds for each batch, so timer
    /// overhead is spread over many calls.
    static func sample(batches: Int, perBatch: Int, _ body: () -> Void) -> [Double] {
        for _ in 0..<perBatch { body() }  // warm up
        var samples: [Double] = []
        samples.reserveCapacity(batches)
        for _ in 0..<batches {
            let start = now()
            for _ in 0..<perBatch { body() }
            samples.append(Double(now() - start) / Double(perBatch))
        }
        return samples.sorted()
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let i = min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))
        return sorted[i]
    }

    static func format(_ ns: Double) -> String {
        ns >= 10_000 ? String(Int(ns.rounded())) : String(Double(Int(ns * 10)) / 10)
    }
}
