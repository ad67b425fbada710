// DecisionLogSettings: decision logging is on exactly when DECISION_LOG_URL is set, with
// the documented defaults; a bad DECISION_LOG_* value is one configuration error naming
// the variable, the value and the rule; the token never shows in a description.
import AgentSpec
import Testing
@testable import Sidecar

@Suite struct DecisionLogSettingsTests {
    static func load(_ env: [String: String]) throws(ConfigurationError) -> SidecarConfiguration {
        try SidecarConfiguration.load(environment: env)
    }

    @Test func offWithoutAURLAndDefaultsWithOne() throws {
        #expect(try Self.load([:]).decisionLog == nil)
        #expect(try Self.load(["DECISION_LOG_BUFFER_EVENTS": "7"]).decisionLog == nil, "tuning alone turns nothing on")
        let s = try #require(try Self.load(["DECISION_LOG_URL": "http://collector:8080/v1/logs/"]).decisionLog)
        #expect(s.url.description == "http://collector:8080/v1/logs" && s.postURL == "http://collector:8080/v1/logs")
        #expect(!s.hasToken)
        #expect(s.flushIntervalMs == 5_000 && s.uploadLimitBytes == 262_144 && s.bufferEvents == 10_000)
        #expect(s.bufferBytes == 16_777_216 && s.retryMinMs == 100 && s.retryMaxMs == 30_000 && s.shutdownFlushMs == 3_000)
        #expect(s.gzipLevel == 1)
    }

    @Test func everyVariableIsRead() throws {
        let s = try #require(try Self.load([
            "DECISION_LOG_URL": "https://logs.example/logs", "DECISION_LOG_TOKEN": "t0k3n", "DECISION_LOG_FLUSH_INTERVAL_MS": "250",
            "DECISION_LOG_UPLOAD_LIMIT_BYTES": "4096", "DECISION_LOG_BUFFER_EVENTS": "50", "DECISION_LOG_BUFFER_BYTES": "65536",
            "DECISION_LOG_RETRY_MIN_MS": "5", "DECISION_LOG_RETRY_MAX_MS": "500", "DECISION_LOG_SHUTDOWN_FLUSH_MS": "900",
            "DECISION_LOG_GZIP_LEVEL": "0",
        ]).decisionLog)
        #expect(s.hasToken && s.token == "t0k3n")
        #expect(s.flushIntervalMs == 250 && s.uploadLimitBytes == 4096 && s.bufferEvents == 50 && s.bufferBytes == 65536)
        #expect(s.retryMinMs == 5 && s.retryMaxMs == 500 && s.shutdownFlushMs == 900 && s.gzipLevel == 0)
        #expect(!"\(s)".contains("t0k3n"), "the token is not part of the settings' description")
        #expect(DecisionLogSettings.variables.count == 10)
    }

    /// Every DECISION_LOG_URL `agentspec generate --decision-log-url` writes, the sidecar
    /// starts with (FleetURLAgreementTests holds the same for the URL reader in general).
    @Test func everyURLGenerateAcceptsIsADecisionLogURL() {
        var accepted = 0
        for url in FleetURLAgreementTests.urls where FleetURL.problem(url, tokenVariable: "DECISION_LOG_TOKEN") == nil {
            accepted += 1
            #expect(throws: Never.self, "\(url)") { try Self.load(["DECISION_LOG_URL": url]) }
        }
        #expect(accepted > 0)
    }

    @Test func aSignedURLKeepsItsQueryWhereItIsPostedButNotWhereItIsNamed() throws {
        let s = try #require(try Self.load(["DECISION_LOG_URL": "https://logs.example/ingest?sig=abc&exp=9#frag"]).decisionLog)
        #expect(s.postURL == "https://logs.example/ingest?sig=abc&exp=9")
        #expect(s.url.description == "https://logs.example/ingest", "logs name the collector without its query")
        #expect(!s.description.contains("sig=abc"))
    }

    @Test(arguments: [
        (["DECISION_LOG_URL": "ftp://collector/logs"], "Invalid DECISION_LOG_URL: \"ftp://collector/logs\" — must use http: or https: protocol"),
        (["DECISION_LOG_URL": "http://user:pw@collector/logs"], "Invalid DECISION_LOG_URL: \"http://***@collector/logs\" — must not carry credentials (user:password@): they would be shown wherever the URL is"),
        (["DECISION_LOG_URL": "http://c/logs", "DECISION_LOG_BUFFER_EVENTS": "0"],
         "Invalid DECISION_LOG_BUFFER_EVENTS: \"0\" — must be a positive integer (≥ 1)"),
        (["DECISION_LOG_URL": "http://c/logs", "DECISION_LOG_FLUSH_INTERVAL_MS": "soon"],
         "Invalid DECISION_LOG_FLUSH_INTERVAL_MS: \"soon\" — must be a positive integer (≥ 1)"),
        (["DECISION_LOG_URL": "http://c/logs", "DECISION_LOG_RETRY_MIN_MS": "900", "DECISION_LOG_RETRY_MAX_MS": "800"],
         "Invalid DECISION_LOG_RETRY_MIN_MS: \"900\" — must not exceed DECISION_LOG_RETRY_MAX_MS (800)"),
        (["DECISION_LOG_URL": "http://c/logs", "DECISION_LOG_GZIP_LEVEL": "10"],
         "Invalid DECISION_LOG_GZIP_LEVEL: \"10\" — must be a zlib level from 0 (stored, no compression) to 9 (smallest)"),
    ])
    func badValuesAreNamed(env: [String: String], message: String) {
        #expect(throws: ConfigurationError.self) { try Self.load(env) }
        do { _ = try Self.load(env) } catch { #expect(error.message == message) }
    }
}
