// TokenAuthE2ETests: with CONTROL_PLANE_TOKEN set, every control-plane route needs
// `Authorization: Bearer <token>` (401 {"error":"Unauthorized"} otherwise) except the
// probes and scrapers' routes (health, capabilities, agent card, metrics, and their
// unprefixed aliases). The proxy on 4000 is not affected.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct TokenAuthE2ETests {
    static let token = "e2e-s3cret-token"

    @Test func protectedRoutesNeedTheBearerToken() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url, env: ["CONTROL_PLANE_TOKEN": Self.token])
        _ = try await Curl.request(sc.proxy + "/x", headers: ["X-Request-Id: tok-1"])
        let events = try jsonBody(["requestId": "tok-1", "events": []])
        let input = try jsonBody(["input": ["request_type": "llm_call"]])
        let routes: [(String, String, Data?)] = [
            ("GET", "/agentspec/audit", nil), ("GET", "/agentspec/audit?limit=1", nil), ("GET", "/agentspec/explore", nil),
            ("GET", "/agentspec/gap", nil), ("GET", "/agentspec/explain/tok-1", nil), ("POST", "/agentspec/events", events),
            ("POST", "/v1/data/agentspec/agent/gymcoach/deny", input), ("GET", "/audit", nil), ("GET", "/explore", nil),
            ("POST", "/events", events), ("GET", "/gap", nil),
        ]
        for (method, path, body) in routes {
            for auth in [[], ["Authorization: Bearer wrong-token"], ["Authorization: Bearer " + Self.token + "x"],
                         ["Authorization: " + Self.token], ["Authorization: Basic " + Self.token]] {
                let r = try await Curl.request(sc.control + path, method: method, headers: auth, body: body)
                #expect(r.status == 401, "\(method) \(path) with \(auth): \(r)")
                #expect(r.header("Content-Type") == "application/json")
                #expect(r.text == #"{"error":"Unauthorized"}"#, "\(method) \(path): \(r.text)")
            }
            let ok = try await Curl.request(sc.control + path, method: method, headers: ["Authorization: Bearer " + Self.token], body: body)
            #expect(ok.status == 200, "\(method) \(path) with the token: \(ok)")
        }
        let stream = try await Curl.request(sc.control + "/agentspec/audit/stream", maxTime: 3)
        #expect(stream.status == 401)
        #expect(try await Curl.request(sc.proxy + "/y").status == 200, "the proxy needs no token")
    }

    @Test func probesAndScrapersNeedNoToken() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url, env: ["CONTROL_PLANE_TOKEN": Self.token])
        for path in ["/agentspec/health/live", "/agentspec/health/ready", "/agentspec/capabilities", "/.well-known/agent.json",
                     "/agentspec/metrics", "/health/live", "/health/ready", "/capabilities", "/metrics"] {
            let r = try await Curl.request(sc.control + path)
            #expect(r.status == 200, "\(path) must be open: \(r)")
        }
        let card = try await Curl.request(sc.control + "/.well-known/agent.json").object()
        #expect(card.string("name") == "gymcoach")
        #expect(card.string("url") == "http://127.0.0.1:\(sc.proxyPort)")
        #expect(card.objects("skills")?.contains { $0.string("id") == "delete-workout" } == true)
        let capabilities = try await Curl.request(sc.control + "/agentspec/capabilities").object()
        #expect(NSDictionary(dictionary: capabilities).isEqual(to: card))
    }
}
