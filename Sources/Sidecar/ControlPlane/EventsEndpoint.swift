// EventsEndpoint: POST /agentspec/events (body ≤ 64 KiB). A request the ring holds gets
// its events applied and re-decided (200 with the new violations); one it does not hold
// yet gets them held until it lands (202): the agent never has to retry.
import PolicyVM

struct EventsEndpoint {
    /// Event batches are small; anything larger is a misbehaving client.
    static let maxBodyBytes = 64 * 1024

    let state: SidecarState

    func answer(_ exchange: HTTPServerExchange) {
        let handle = exchange.handle
        let st = state
        ControlPlaneService.readBody(exchange, limit: Self.maxBodyBytes) { body in
            handle.run { exchange in
                guard let json = ControlPlaneService.parseJSON(exchange, body) else { st.metrics.countEvent("rejected"); return }
                let batch: EventBatch
                do throws(EventError) { batch = try EventBatch.parse(json) } catch {
                    st.metrics.countEvent("rejected")
                    ControlPlaneService.respond(exchange, 400, .object(["error": "BadRequest", "message": .string(error.message)]))
                    return
                }
                st.usage.add(tokens: batch.tokens, hasTokens: batch.hasTokens, costUSD: batch.costUSD, hasCost: batch.hasCost,
                             unixSeconds: Clock.unixNanoseconds() / 1_000_000_000)
                let requestId = batch.requestId
                guard st.ring.entry(requestId) != nil else {
                    st.pending.hold(requestId, batch.report, now: Clock.monotonicNanoseconds())
                    st.metrics.countEvent("held")
                    ControlPlaneService.respond(exchange, 202, .object(["requestId": .string(requestId), "found": .false]))
                    return
                }
                EventsApplier(state: st).apply(batch.report, to: requestId) { updated in
                    handle.run { exchange in
                        guard let updated else {
                            st.pending.hold(requestId, batch.report, now: Clock.monotonicNanoseconds())
                            st.metrics.countEvent("held")
                            ControlPlaneService.respond(exchange, 202, .object(["requestId": .string(requestId), "found": .false]))
                            return
                        }
                        st.metrics.countEvent("applied")
                        let violations = updated.decision?.violations ?? []
                        ControlPlaneService.respond(exchange, 200, .object([
                            "requestId": .string(requestId), "found": .true, "opaViolations": .array(violations.map(Value.string)),
                        ]))
                    }
                }
            }
        }
    }
}
