// UsageTotals: tokens and cost reported by model events for the current UTC day; they
// start again at zero when the day changes. They feed `tokens_today`/`cost_today_usd`.
import Synchronization

/// Today's running usage totals.
final class UsageTotals: Sendable {
    private struct State {
        var day: Int64 = -1
        var usage = DailyUsage()
    }

    private let state = Mutex(State())

    init() {}

    static func day(_ unixSeconds: Int64) -> Int64 { unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400 }

    func add(tokens: Int64, hasTokens: Bool, costUSD: Double, hasCost: Bool, unixSeconds: Int64) {
        state.withLock { s in
            let d = Self.day(unixSeconds)
            if d != s.day { s.day = d; s.usage = DailyUsage() }
            if hasTokens { s.usage.tokens &+= tokens; s.usage.hasTokens = true }
            if hasCost { s.usage.costUSD += costUSD; s.usage.hasCost = true }
        }
    }

    func current(unixSeconds: Int64) -> DailyUsage {
        state.withLock { s in Self.day(unixSeconds) == s.day ? s.usage : DailyUsage() }
    }
}
