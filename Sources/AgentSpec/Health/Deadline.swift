// Deadline: a point on the monotonic clock by which a health check must be done. Every
// blocking step of a probe (resolve, connect, send, receive, a child process) asks it
// how long it may still wait, so one slow step cannot outlive the check's timeout.

/// A monotonic deadline.
public struct Deadline: Sendable {
    public let instant: ContinuousClock.Instant

    public init(after duration: Duration) { instant = ContinuousClock.now + duration }

    /// Milliseconds left (0 once passed), clamped to what `poll(2)` takes.
    public var remainingMilliseconds: Int32 {
        let left = instant - ContinuousClock.now
        guard left > .zero else { return 0 }
        let (s, attos) = left.components
        let ms = s * 1000 + attos / 1_000_000_000_000_000
        return Int32(clamping: max(ms, 1))
    }

    public var hasPassed: Bool { ContinuousClock.now >= instant }
}

extension Duration {
    /// Whole milliseconds, for reports.
    var milliseconds: Int {
        let (s, attos) = components
        return Int(s) * 1000 + Int(attos / 1_000_000_000_000_000)
    }

    /// Reads `5s`, `500ms`, `2m`, `1.5s` or a bare number of seconds; nil otherwise or
    /// when not positive.
    public static func parse(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
        var number = Substring(text)
        var scale = 1.0
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            number = text.dropLast(suffix.count)
            scale = factor
            break
        }
        guard let value = Double(number), value.isFinite, value > 0, value * scale <= 3600 else { return nil }
        return .milliseconds(Int64((value * scale * 1000).rounded()))
    }
}
