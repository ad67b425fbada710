// LoggingE2ETests: the sidecar logs JSON lines only (info and below on stdout, warn and
// error on stderr): one line per request at debug, one per decision with violations at
// info, one per upstream failure at warn. The level comes from the manifest's
// spec.observability.logging.level unless LOG_LEVEL is set.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct LoggingE2ETests {
    static func lines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw E2EError("not a JSON log line: \(line)")
            }
            return o
        }
    }

    /// Runs three requests (plain, violating, to a dead agent) and returns the log lines.
    static func traffic(manifestLevel: String?, logLevel: String?) async throws -> (out: [[String: Any]], err: [[String: Any]]) {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        var env: [String: String] = [:]
        if let logLevel { env["LOG_LEVEL"] = logLevel }
        if let manifestLevel {
            let manifest = try h.manifestCopy()
            try HotReloadE2ETests.edit(manifest, "      level: info\n", "      level: \(manifestLevel)\n")
            env["MANIFEST_PATH"] = manifest
        }
        let sc = try await h.sidecar(upstream: up.url, env: env)
        _ = try await Curl.request(sc.proxy + "/plain?q=1", headers: ["X-Request-Id: log-1"])
        _ = try await Curl.request(sc.proxy + "/bad", headers: [behaviourHeaders(guardrails: ["topic-filter"]), "X-Request-Id: log-2"])
        _ = try await h.entry(sc, "log-2")
        up.process.stop()
        _ = try await Curl.request(sc.proxy + "/gone", headers: ["X-Request-Id: log-3"])
        _ = try await h.entry(sc, "log-3")
        let out = try await poll("the request lines") { () -> [[String: Any]]? in
            let out = try Self.lines(sc.process.stdout)
            let requests = out.filter { $0.string("msg") == "request" }.count
            return (logLevel ?? manifestLevel) == "debug" ? (requests == 3 ? out : nil) : out
        }
        return (out, try Self.lines(sc.process.stderr))
    }

    @Test(arguments: ["LOG_LEVEL", "manifest"])
    func debugLogsEveryRequest(_ source: String) async throws {
        let (out, err) = try await Self.traffic(manifestLevel: source == "manifest" ? "debug" : nil,
                                                logLevel: source == "LOG_LEVEL" ? "debug" : nil)
        let requests = out.filter { $0.string("msg") == "request" }
        #expect(requests.map { $0.string("requestId") ?? "" } == ["log-1", "log-2", "log-3"])
        #expect(requests.first?.string("method") == "GET" && requests.first?.string("path") == "/plain?q=1")
        #expect(requests.first?.int("status") == 200 && requests.last?.int("status") == 502)
        #expect(requests.allSatisfy { $0.string("level") == "debug" })
        #expect(err.contains { $0.string("msg") == "upstream failed" && $0.string("requestId") == "log-3" && $0.string("level") == "warn" })
    }

    @Test func infoLogsViolationsButNotRequests() async throws {
        let (out, err) = try await Self.traffic(manifestLevel: nil, logLevel: nil)
        #expect(out.first?.string("msg") == "sidecar started")
        #expect(!out.contains { $0.string("msg") == "request" }, "the manifest says info")
        let violation = try #require(out.first { $0.string("msg") == "policy violations" })
        #expect(violation.string("requestId") == "log-2")
        #expect(violation.strings("violations") == ["prompt_injection_not_invoked"])
        #expect(violation.string("level") == "info")
        #expect(err.contains { $0.string("msg") == "upstream failed" })
    }

    @Test func logLevelErrorWinsOverTheManifest() async throws {
        let (out, err) = try await Self.traffic(manifestLevel: "debug", logLevel: "error")
        #expect(out.isEmpty, "nothing below error: \(out)")
        #expect(!err.contains { $0.string("level") == "warn" })
    }
}
