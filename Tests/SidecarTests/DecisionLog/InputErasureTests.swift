// InputErasure: the manifest's redactFields removed from a decision event's input at any
// depth of its objects (names matched ignoring case), listed as OPA lists erased paths —
// sorted JSON Pointers under /input, `~` and `/` escaped as RFC 6901 says.
import PolicyVM
import Testing
@testable import Sidecar

@Suite struct InputErasureTests {
    static func json(_ text: String) throws -> Value { try JSONReader.parse(bytes: Array(text.utf8)) }

    @Test func namedFieldsAreErasedAtEveryDepthAndListed() throws {
        var input = try Self.json(#"""
            {"tools_called": ["a"], "agent_name": "gymcoach", "memory_write": {"TTL_seconds": 5, "pii_scrubbed": true},
             "lists": [{"tools_called": "kept: arrays are not walked"}]}
            """#)
        let erased = InputErasure.erase(&input, secrets: SecretFieldNames(redactFields: ["tools_called", "ttl_seconds"]))
        #expect(erased == ["/input/memory_write/TTL_seconds", "/input/tools_called"])
        #expect(input == (try Self.json(#"""
            {"agent_name": "gymcoach", "memory_write": {"pii_scrubbed": true},
             "lists": [{"tools_called": "kept: arrays are not walked"}]}
            """#)))
    }

    @Test func nothingNamedNothingErased() throws {
        let original = try Self.json(#"{"tools_called": ["a"], "memory_write": {"ttl_seconds": 5}}"#)
        var input = original
        #expect(InputErasure.erase(&input, secrets: SecretFieldNames(redactFields: [])).isEmpty)
        #expect(InputErasure.erase(&input, secrets: SecretFieldNames(redactFields: ["password"])).isEmpty)
        #expect(input == original)
    }

    @Test func pointerTokensAreEscaped() throws {
        var input = try Self.json(#"{"a/b": 1, "c~d": 2, "e": 3}"#)
        let erased = InputErasure.erase(&input, secrets: SecretFieldNames(redactFields: ["a/b", "c~d"]))
        #expect(erased == ["/input/a~1b", "/input/c~0d"])
        #expect(input == (try Self.json(#"{"e": 3}"#)))
    }
}
