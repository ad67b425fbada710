// RedactionE2ETests: secret query parameters — the manifest's redactFields and the
// default set (authorization, api_key, apikey, token, access_token, password, secret),
// any case, percent-encoded or not — are [REDACTED] in the audit ring, /explain, the SSE
// stream and the logs, while the agent still gets the query exactly as sent.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct RedactionE2ETests {
    static let query = "?q=plan&api_key=sk-live-1&Password=hunter2&API%5FKEY=sk-2&token=t0k&keep=yes"
    static let redacted = "/chat?q=plan&api_key=[REDACTED]&Password=[REDACTED]&API%5FKEY=[REDACTED]&token=[REDACTED]&keep=yes"
    static let secrets = ["sk-live-1", "hunter2", "sk-2", "t0k"]

    @Test func secretsNeverReachTheRingExplainTheStreamOrTheLogs() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url, env: ["LOG_LEVEL": "debug"])
        let stream = try h.streamClient(["sse", sc.control + "/agentspec/audit/stream", "1", "15"])
        _ = try await poll("the SSE client to connect") { () -> Bool? in
            if !stream.isRunning { throw E2EError("SSE client ended: \(stream.output)") }
            return stream.stdout.contains("connected") ? true : nil
        }
        let r = try await Curl.request(sc.proxy + "/chat" + Self.query, headers: ["X-Request-Id: red-1"])
        #expect(try r.object().string("target") == "/chat" + Self.query, "the agent gets the query as sent")

        let entry = try await h.entry(sc, "red-1")
        #expect(entry.string("path") == Self.redacted)
        let explain = try await Curl.request(sc.control + "/agentspec/explain/red-1")
        #expect(try explain.object().object("entry")?.string("path") == Self.redacted)
        #expect(await stream.exitStatus(within: 15) == 0, "\(stream.output)")
        let log = try await poll("the request's log line") { sc.process.stdout.contains("\"requestId\":\"red-1\"") ? sc.process.stdout : nil }
        let audit = try await Curl.request(sc.control + "/agentspec/audit").text
        for (place, text) in [("audit", audit), ("explain", explain.text), ("stream", stream.stdout), ("stdout", log),
                              ("stderr", sc.process.stderr)] {
            for secret in Self.secrets { #expect(!text.contains(secret), "\(secret) leaked into \(place): \(text)") }
        }
        #expect(stream.stdout.contains("[REDACTED]") && log.contains("[REDACTED]"))
    }
}
