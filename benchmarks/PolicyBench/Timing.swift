// Timing: a monotonic clock and the statistics the benchmark prints (median, p99).
#if canImport(Glibc)
import Glibc
#endif

enum Timing {
    /// Thread CPU time (the default): in-process work only, so builds running beside the
    /// benchmark disturb the figures less. `--wall` switches every row to the monotonic
    /// clock, which also counts OPA's other Go threads and the HTTP round trip.
    nonisolated(unsafe) static var clock = CLOCK_THREAD_CPUTIME_ID

    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(clock, &ts)
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

extension Timing {
    /// Times `count` calls one by one (each long enough to time alone: OPA's calls);
    /// `wall` forces the monotonic clock (a remote call's time is spent elsewhere).
    static func sampleEach(_ count: Int, wall: Bool = false, _ body: () -> Void) -> [Double] {
        for _ in 0..<max(1, count / 10) { body() }  // warm up
        let saved = clock
        if wall { clock = CLOCK_MONOTONIC }
        defer { clock = saved }
        var samples: [Double] = []
        samples.reserveCapacity(count)
        for _ in 0..<count {
            let start = now()
            body()
            samples.append(Double(now() - start))
        }
        return samples.sorted()
    }
}
