// RequestIdE2ETests: X-Request-Id in both directions — a sane client id (≤ 128 visible
// ASCII characters) is kept, anything else is replaced by a fresh UUID v4; either way the
// agent, the client and the audit ring see the same single id.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct RequestIdE2ETests {
    /// A lowercase UUID v4 (RFC 9562 §5.4): version nibble 4, variant bits 10.
    static func isUUIDv4(_ s: String) -> Bool {
        s.wholeMatch(of: #/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/#) != nil
    }

    /// Sends `headers` through the proxy; returns (id the agent got, id the client got, reply).
    static func roundTrip(_ sc: SidecarHandle, _ headers: [String]) async throws -> (agent: [String], client: [String], reply: HTTPReply) {
        let r = try await Curl.request(sc.proxy + "/rid", headers: headers)
        let sent = (try r.object()["headers"] as? [[String]] ?? []).filter { $0[0].lowercased() == "x-request-id" }.map { $0[1] }
        return (sent, r.values("X-Request-Id"), r)
    }

    @Test(arguments: ["client-id-123", "a:b/c=d;e", String(repeating: "x", count: 128)])
    func aSaneClientIdIsKeptBothWays(_ id: String) async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url)
        let (agent, client, _) = try await Self.roundTrip(sc, ["X-Request-Id: \(id)"])
        #expect(agent == [id])
        #expect(client == [id])
        let entry = try await h.entry(sc, id)
        #expect(entry.string("path") == "/rid")
    }

    @Test func anInsaneOrMissingIdIsReplacedByAUUID() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url)
        let cases: [(String, [String])] = [
            ("missing", []),
            ("129 characters", ["X-Request-Id: " + String(repeating: "y", count: 129)]),
            ("a space inside", ["X-Request-Id: has space"]),
            ("a non-ASCII character", ["X-Request-Id: caf\u{E9}"]),
            ("two values", ["X-Request-Id: one", "X-Request-Id: two"]),
        ]
        var seen: Set<String> = []
        for (why, headers) in cases {
            let (agent, client, reply) = try await Self.roundTrip(sc, headers)
            #expect(reply.status == 200, "\(why): \(reply)")
            #expect(agent.count == 1 && client.count == 1, "\(why): agent \(agent), client \(client)")
            guard let id = client.first else { continue }
            #expect(Self.isUUIDv4(id), "\(why): \(id) is not a lowercase UUID v4")
            #expect(agent == [id], "\(why): the agent got \(agent), the client \(id)")
            #expect(!seen.contains(id), "\(why): \(id) was generated twice")
            seen.insert(id)
            _ = try await h.entry(sc, id)
        }
    }

    @Test func theClientGetsTheProxysIdEvenWhenTheAgentAnswersWithAnother() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url)
        let (_, client, _) = try await Self.roundTrip(sc, ["X-Request-Id: mine-1", #"X-Test-Respond: [["X-Request-Id","agent-made"]]"#])
        #expect(client == ["mine-1"], "the client must see one X-Request-Id, the one the audit ring holds")
    }
}
