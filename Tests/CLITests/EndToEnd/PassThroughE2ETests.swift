// PassThroughE2ETests: the proxy is transparent — every method, path and query reaches the
// agent verbatim (behind UPSTREAM_URL's path prefix), bodies arrive byte for byte in both
// directions (binary, chunked), statuses pass unchanged, hop-by-hop headers stop at the
// proxy, X-Forwarded-* are set, and a streamed body reaches the client while the agent
// is still producing it.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct PassThroughE2ETests {
    static func echo(_ r: HTTPReply) throws -> [String: Any] { try r.object() }

    static func agentHeaders(_ echo: [String: Any]) -> [(String, String)] {
        (echo["headers"] as? [[String]] ?? []).map { ($0[0], $0[1]) }
    }

    @Test func everyMethodPathQueryAndBodyReachesTheAgentVerbatim() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url)
        let target = "/echo/a%20b/c;p=1?x=1&x=2&q=a%2Fb&empty=&flag&u=%E2%9C%93"
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] {
            let body: Data? = method == "GET" || method == "OPTIONS" ? nil : Data("payload for \(method) ✓".utf8)
            let r = try await Curl.request(sc.proxy + target, method: method, headers: ["Content-Type: text/plain"], body: body)
            #expect(r.status == 200, "\(method): \(r)")
            let e = try Self.echo(r)
            #expect(e.string("method") == method)
            #expect(e.string("target") == target, "\(method) target")
            #expect(e.int("bodyLength") == (body?.count ?? 0), "\(method) body length")
            #expect(e.string("body") == body.map { String(decoding: $0, as: UTF8.self) } ?? "", "\(method) body")
        }
        let head = try await Curl.request(sc.proxy + "/echo?head=1", method: "HEAD")
        #expect(head.status == 200)
        #expect(head.header("Content-Length").flatMap(Int.init).map { $0 > 0 } == true, "\(head)")
        #expect(head.body.isEmpty)
        #expect(up.process.stdout.contains("received HEAD /echo?head=1"))
    }

    @Test func largeBinaryAndChunkedBodiesArriveByteForByte() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url)
        var generator = SystemRandomNumberGenerator()
        let binary = Data((0..<(700 * 1024)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let r = try await Curl.request(sc.proxy + "/upload", method: "POST",
                                       headers: ["Content-Type: application/octet-stream"], body: binary)
        #expect(r.status == 200)
        let e = try Self.echo(r)
        #expect(e.int("bodyLength") == binary.count)
        #expect(e.string("bodySHA256") == sha256(binary))

        let chunked = Data(String(repeating: "chunked body line\n", count: 5000).utf8)
        let c = try await Curl.request(sc.proxy + "/upload-chunked", method: "POST",
                                       headers: ["Transfer-Encoding: chunked", "Content-Type: text/plain"], body: chunked)
        #expect(c.status == 200)
        let ce = try Self.echo(c)
        #expect(ce.int("bodyLength") == chunked.count)
        #expect(ce.string("bodySHA256") == sha256(chunked))

        // And a large response body back to the client, intact.
        let bigPath = "/" + String(repeating: "p", count: 10) + "?" + String(repeating: "k=v&", count: 200)
        let big = try await Curl.request(sc.proxy + bigPath, method: "POST", body: chunked)
        #expect(try Self.echo(big).string("target") == bigPath)
        #expect(big.body.count == Int(big.header("Content-Length") ?? "") ?? -1)
    }

    @Test func upstreamPathPrefixAndStatusesPassThrough() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url + "/base/")
        let r = try await Curl.request(sc.proxy + "/v1/items?id=7")
        #expect(try Self.echo(r).string("target") == "/base/v1/items?id=7")
        for status in [201, 404, 418, 500, 503] {
            let s = try await Curl.request(sc.proxy + "/status", headers: ["X-Test-Status: \(status)"])
            #expect(s.status == status, "the agent's \(status) must reach the client unchanged: \(s)")
            #expect(try Self.echo(s).string("method") == "GET")
        }
    }

    @Test func forwardedHeadersAreSetAndHopByHopHeadersStop() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url)
        let respond = #"[["Connection","X-Resp-Hop"],["X-Resp-Hop","agent-secret"],["X-Agent-Kept","yes"],["Set-Cookie","a=1"],"#
            + #"["Set-Cookie","b=2"],["Keep-Alive","timeout=5"],["Proxy-Authenticate","Basic"],["Upgrade","h2c"]]"#
        let r = try await Curl.request(sc.proxy + "/fwd", headers: [
            "X-Forwarded-For: 10.0.0.1", "X-Forwarded-Host: evil.example", "X-Forwarded-Proto: https",
            "Connection: X-Hop", "X-Hop: client-secret", "X-Custom: kept", "Keep-Alive: timeout=9", "TE: trailers",
            "Proxy-Authorization: Basic eA==", "X-Test-Respond: \(respond)",
        ])
        #expect(r.status == 200)
        let sent = Self.agentHeaders(try Self.echo(r))
        func agent(_ name: String) -> [String] { sent.filter { $0.0.lowercased() == name.lowercased() }.map(\.1) }
        #expect(agent("Host") == ["127.0.0.1:\(up.port)"])
        #expect(agent("X-Forwarded-For") == ["10.0.0.1, 127.0.0.1"])
        #expect(agent("X-Forwarded-Proto") == ["http"])
        #expect(agent("X-Forwarded-Host") == ["127.0.0.1:\(sc.proxyPort)"])
        #expect(agent("X-Custom") == ["kept"])
        #expect(agent("X-Hop").isEmpty, "a header named in the client's Connection must not reach the agent")
        for hop in ["Keep-Alive", "TE", "Proxy-Authorization"] { #expect(agent(hop).isEmpty, "\(hop) is hop-by-hop") }
        #expect(r.values("X-Resp-Hop").isEmpty, "a header named in the agent's Connection must not reach the client")
        for hop in ["Keep-Alive", "Proxy-Authenticate", "Upgrade"] { #expect(r.values(hop).isEmpty, "\(hop) is hop-by-hop") }
        #expect(r.values("X-Agent-Kept") == ["yes"])
        #expect(r.values("Set-Cookie") == ["a=1", "b=2"])
    }

    @Test func aStreamedBodyReachesTheClientWhileTheAgentIsStillWriting() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url)
        // The agent sends `first`, then waits until the client has read it (the gate file).
        let client = try h.streamClient(["gate", sc.proxy + "/stream?gate=" + h.path("gate"), h.path("gate")])
        let status = await client.exitStatus(within: 15)
        #expect(status == 0, "\(client.output)")
        let line = try #require(client.stdout.split(separator: "\n").first.map(String.init), "\(client.output)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(result.int("status") == 200)
        #expect(result.string("first") == "first\n")
        #expect(result.string("rest") == "second-after-gate\n", "the proxy held the first chunk back until the body ended")
    }

    @Test func serverSentEventsOfTheExampleAgentPassUntouched() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let (_, sc) = try await h.exampleStack()
        let r = try await Curl.request(sc.proxy + "/v1/chat/stream?message=plan%20my%20week", extra: ["-N"])
        #expect(r.status == 200)
        #expect(r.header("Content-Type") == "text/event-stream")
        let events = r.text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        #expect(events == ["data: {\"token\":\"Warm\"}", "data: {\"token\":\"up,\"}", "data: {\"token\":\"then\"}",
                           "data: {\"token\":\"three\"}", "data: {\"token\":\"sets.\"}", "data: [DONE]"])
        #expect(r.headerNames.filter { $0.hasPrefix("x-agentspec-") && $0 != "x-agentspec-opa-violations" }.isEmpty)
    }
}

/// Hex SHA-256 of `data` (sha256sum, so the tests need no crypto library).
func sha256(_ data: Data) -> String {
    let f = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-sha-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: f) }
    guard (try? data.write(to: f)) != nil, let (status, out, _) = try? runCapturing("/usr/bin/sha256sum", [f.path]), status == 0 else {
        return "sha256sum failed"
    }
    return String(String(decoding: out, as: UTF8.self).prefix(64))
}
