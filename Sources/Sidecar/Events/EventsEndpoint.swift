// EventsEndpoint: POST /agentspec/events (body ≤ 64 KiB). A request the ring holds gets
// its events applied and re-decided (200 with the new violations); one it does not hold
// yet gets them held until it lands (202): the agent never has to retry. A batch that
// would make one request's behaviour larger than the bound is refused whole (413 naming
// the bound), so the agent knows those events were not recorded.
import PolicyVM

struct EventsEndpoint {
    /// Event batches are small; anything larger is a misbehaving client.
    static let maxBodyBytes = 64 * 1024

    let state: SidecarState

    func answer(_ exchange: HTTPServerExchange) {
        let handle = exchange.handle
        let st = state
        exchange.readWholeBody(limit: Self.maxBodyBytes) { body in
            handle.run { exchange in
                guard let json = exchange.parseJSON(body) else { st.metrics.countEvent("rejected"); return }
                let batch: EventBatch
                do throws(EventError) { batch = try EventBatch.parse(json) } catch {
                    st.metrics.countEvent("rejected")
                    exchange.respond(400, .object(["error": "BadRequest", "message": .string(error.message)]))
                    return
                }
                st.usage.add(tokens: batch.tokens, hasTokens: batch.hasTokens, costUSD: batch.costUSD, hasCost: batch.hasCost,
                             unixSeconds: Clock.unixNanoseconds() / 1_000_000_000)
                let requestId = batch.requestId
                guard st.ring.entry(requestId) != nil else {
                    Self.hold(batch, st, exchange)
                    return
                }
                EventsApplier(state: st).apply(batch.report, to: requestId) { outcome in
                    handle.run { exchange in
                        switch outcome {
                        case .notFound:
                            Self.hold(batch, st, exchange)
                        case .refused(let why):
                            Self.refuse(why, requestId: requestId, found: true, st, exchange)
                        case .applied(let updated):
                            st.metrics.countEvent("applied")
                            let violations = updated.decision?.violations ?? []
                            exchange.respond(200, .object([
                                "requestId": .string(requestId), "found": .true, "opaViolations": .array(violations.map(Value.string)),
                            ]))
                        }
                    }
                }
            }
        }
    }

    /// Keeps the batch for a request not in the ring yet: 202, or 413 when refused.
    private static func hold(_ batch: EventBatch, _ st: SidecarState, _ exchange: HTTPServerExchange) {
        switch st.held.hold(batch.requestId, batch.report, now: Clock.monotonicNanoseconds()) {
        case .held(let evicted):
            st.metrics.countEvent("held")
            for _ in 0..<evicted { st.metrics.countEvent("evicted") }
            exchange.respond(202, .object(["requestId": .string(batch.requestId), "found": .false]))
        case .refused(let why):
            refuse(why, requestId: batch.requestId, found: false, st, exchange)
        }
    }

    private static func refuse(_ why: String, requestId: String, found: Bool, _ st: SidecarState, _ exchange: HTTPServerExchange) {
        st.metrics.countEvent("refused")
        exchange.respond(413, .object([
            "error": .string(ErrorBody.name(for: 413)), "message": .string(why), "requestId": .string(requestId), "found": .bool(found),
        ]))
    }
}
