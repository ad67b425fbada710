// An events body becomes a behaviour report: model events are kept as calls with their
// token counts (objects, as the old entries carry them), a call reported twice in a
// batch is kept once, and every rejection names the field.
import PolicyVM
import Testing
@testable import Sidecar

@Suite struct EventBatchTests {
    static func parse(_ events: [Value]) throws(EventError) -> EventBatch {
        try EventBatch.parse(.object(["requestId": "r-1", "events": .array(events)]))
    }

    @Test func modelEventsBecomeCallsWithTheirTokenCounts() throws {
        let batch = try Self.parse([
            .object(["type": "model", "modelId": "groq/llama", "tokenCount": .number(.int(120)), "costUsd": 0.002]),
            .object(["type": "model", "modelId": "openai/gpt"]),
            .object(["type": "model", "modelId": "groq/llama", "tokenCount": .number(.int(120))]),
        ])
        #expect(batch.report.modelCalls == [ModelCall(modelId: "groq/llama", tokenCount: 120), ModelCall(modelId: "openai/gpt")])
        // The usage totals count every event, the repeated one included.
        #expect(batch.tokens == 240 && batch.hasTokens)
    }

    @Test(arguments: [
        (Value.object(["type": "model"]), "events[0].modelId is required (a non-empty string)"),
        (.object(["type": "model", "modelId": "m", "tokenCount": -1]), "events[0].tokenCount must be a non-negative integer"),
        (.object(["type": "model", "modelId": "m", "tokenCount": 1.5]), "events[0].tokenCount must be a non-negative integer"),
    ])
    func aBadModelEventNamesItsField(event: Value, message: String) {
        #expect(throws: EventError(message: message)) { try Self.parse([event]) }
    }
}
