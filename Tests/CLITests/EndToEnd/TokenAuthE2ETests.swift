// TokenAuthE2ETests: with CONTROL_PLANE_TOKEN set, every control-plane route needs
// exactly one `Authorization: Bearer <token>` field, the scheme in any case (401
// {"error":"Unauthorized"} otherwise) except the probes and scrapers' routes (health,
// capabilities, agent card, metrics, and their unprefixed aliases). The proxy on 4000 is
// not affected. Without a token, a control plane bound beyond loopback is announced
// with one warning line at startup.
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
                         ["Authorization: " + Self.token], ["Authorization: Basic " + Self.token],
                         ["Authorization: Bearer " + Self.token, "Authorization: Bearer " + Self.token],
                         ["Authorization: Bearer wrong-token", "Authorization: Bearer " + Self.token]] {
                let r = try await Curl.request(sc.control + path, method: method, headers: auth, body: body)
                #expect(r.status == 401, "\(method) \(path) with \(auth): \(r)")
                #expect(r.header("Content-Type") == "application/json")
                #expect(r.text == #"{"error":"Unauthorized"}"#, "\(method) \(path): \(r.text)")
            }
            for scheme in ["Bearer", "bearer", "BEARER"] {
                let ok = try await Curl.request(sc.control + path, method: method, headers: ["Authorization: \(scheme) " + Self.token], body: body)
                #expect(ok.status == 200, "\(method) \(path) with the token (\(scheme)): \(ok)")
            }
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


@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct ControlPlaneExposureE2ETests {
    static func warnings(_ sc: SidecarHandle) -> [String] {
        sc.process.stderr.split(separator: "\n").map(String.init).filter { $0.contains("without CONTROL_PLANE_TOKEN") }
    }

    @Test func aTokenlessControlPlaneBeyondLoopbackIsAnnounced() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let open = try await h.sidecar(upstream: up.url, env: ["BIND_ADDRESS": "0.0.0.0"])
        let lines = Self.warnings(open)
        #expect(lines.count == 1, "one warning line: \(open.process.stderr)")
        let line = try #require(lines.first.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        #expect(line.string("level") == "warn" && line.string("bind") == "0.0.0.0" && line.int("controlPlane") == open.controlPort)

        let loopback = try await h.sidecar(upstream: up.url)
        let tokened = try await h.sidecar(upstream: up.url, env: ["BIND_ADDRESS": "0.0.0.0", "CONTROL_PLANE_TOKEN": "t"])
        _ = try await Curl.request(loopback.control + "/agentspec/health/live")
        _ = try await Curl.request(tokened.control + "/agentspec/health/live")
        #expect(Self.warnings(loopback).isEmpty && Self.warnings(tokened).isEmpty,
                "\(loopback.process.stderr)\n\(tokened.process.stderr)")
    }

    /// This host's address on its outbound interface, when it has one beyond loopback.
    static let nonLoopbackAddress: String? = {
        guard let python = E2EPaths.python, let (status, out, _) = try? runCapturing(python, ["-c", """
            import socket
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.connect(("192.0.2.123", 9)); print(s.getsockname()[0])
            """]), status == 0 else { return nil }
        let address = String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return address.isEmpty || address.hasPrefix("127.") ? nil : address
    }()

    /// Without a token, events come from loopback only (the agent beside the sidecar):
    /// otherwise any client that reaches the control plane could push a confirmation for
    /// the X-Request-Id it is about to send and turn an enforced 403 into the agent's
    /// answer. With a token, the token decides, wherever the request comes from.
    @Test(.enabled(if: nonLoopbackAddress != nil, "needs an address beyond loopback"))
    func withoutATokenEventsComeFromLoopbackOnly() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let address = try #require(Self.nonLoopbackAddress)
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url, env: ["BIND_ADDRESS": "0.0.0.0", "OPA_PROXY_MODE": "enforce"])
        let remote = "http://\(address):\(sc.controlPort)"
        let clearance = try jsonBody(["requestId": "pre-pushed", "events": [
            ["type": "confirmation", "confirmed": true],
            ["type": "guardrail", "guardrailType": "prompt-injection", "invoked": true],
            ["type": "guardrail", "guardrailType": "topic-filter", "invoked": true],
        ]])
        let pushed = try await Curl.request(remote + "/agentspec/events", method: "POST", body: clearance)
        #expect(pushed.status == 403, "\(pushed)")
        #expect(try pushed.object().string("error") == "Forbidden")
        #expect(try await Curl.request(remote + "/events", method: "POST", body: clearance).status == 403)
        // The request the client then sends is decided on what the agent reports alone.
        let r = try await Curl.request(sc.proxy + "/delete", headers: [
            "X-Request-Id: pre-pushed", behaviourHeaders(tools: ["delete-workout"]),
        ])
        #expect(r.status == 403, "\(r)")
        // Reading stays open (with the startup warning), and loopback may push.
        #expect(try await Curl.request(remote + "/agentspec/audit").status == 200)
        let local = try jsonBody(["requestId": "local-1", "events": [["type": "confirmation", "confirmed": true]]])
        #expect(try await Curl.request(sc.control + "/agentspec/events", method: "POST", body: local).status == 202)

        let tokened = try await h.sidecar(upstream: up.url, env: ["BIND_ADDRESS": "0.0.0.0", "CONTROL_PLANE_TOKEN": TokenAuthE2ETests.token])
        let withToken = try await Curl.request("http://\(address):\(tokened.controlPort)/agentspec/events", method: "POST",
                                               headers: ["Authorization: Bearer " + TokenAuthE2ETests.token], body: clearance)
        #expect(withToken.status == 202, "\(withToken)")
    }
}
