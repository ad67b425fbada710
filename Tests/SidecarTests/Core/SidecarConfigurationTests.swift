// Configuration: defaults, flags over variables, and the contract's exact error texts.
import Testing
@testable import Sidecar

@Suite struct SidecarConfigurationTests {
    @Test func defaultsFollowTheContract() throws {
        let c = try SidecarConfiguration.load(environment: [:])
        #expect(c.upstream.description == "http://localhost:8000")
        #expect(c.proxyPort == 4000 && c.controlPlanePort == 4001)
        #expect(c.manifestPath == "/manifest/agent.yaml")
        #expect(c.auditRingSize == 1000 && c.mode == .track && c.opaTimeoutMs == 500 && c.upstreamTimeoutMs == 120_000)
        #expect(c.opaURL == nil && c.bindAddress == "0.0.0.0")
        #expect(c.maxRequestBodyBytes == 16_777_216)
        #expect(c.opaFailMode == .open)
        #expect(try SidecarConfiguration.load(environment: ["OPA_FAIL_MODE": "closed"]).opaFailMode == .closed)
        #expect(try SidecarConfiguration.load(environment: [:], overrides: ["OPA_FAIL_MODE": "closed"]).opaFailMode == .closed)
    }

    @Test func requestBodyLimitIsASettingWhereZeroMeansNone() throws {
        #expect(try SidecarConfiguration.load(environment: ["MAX_REQUEST_BODY_BYTES": "1024"]).maxRequestBodyBytes == 1024)
        #expect(try SidecarConfiguration.load(environment: ["MAX_REQUEST_BODY_BYTES": "0"]).maxRequestBodyBytes == nil)
        let flagged = try SidecarConfiguration.load(environment: ["MAX_REQUEST_BODY_BYTES": "5"],
                                                    overrides: ["MAX_REQUEST_BODY_BYTES": "7"])
        #expect(flagged.maxRequestBodyBytes == 7)
        #expect(SidecarConfiguration.flags.contains { $0 == ("MAX_REQUEST_BODY_BYTES", "--max-request-body-bytes") })
    }

    @Test func flagsOverrideVariablesAndTheAliasIsRead() throws {
        let c = try SidecarConfiguration.load(environment: ["PROXY_PORT": "5000", "AGENTSPEC_MANIFEST_PATH": "/m.yaml"],
                                              overrides: ["PROXY_PORT": "6000"])
        #expect(c.proxyPort == 6000 && c.manifestPath == "/m.yaml")
    }

    @Test(arguments: [
        (["UPSTREAM_URL": "localhost:8000"], #"Invalid UPSTREAM_URL: "localhost:8000" — must use http: or https: protocol"#),
        (["UPSTREAM_URL": "ftp://x"], #"Invalid UPSTREAM_URL: "ftp://x" — must use http: or https: protocol"#),
        (["PROXY_PORT": "abc"], #"Invalid PROXY_PORT: "abc" — must be an integer between 1 and 65535"#),
        (["PROXY_PORT": "70000"], #"Invalid PROXY_PORT: "70000" — must be an integer between 1 and 65535"#),
        (["CONTROL_PLANE_PORT": "0"], #"Invalid CONTROL_PLANE_PORT: "0" — must be an integer between 1 and 65535"#),
        (["CONTROL_PLANE_PORT": "4000"], #"Invalid CONTROL_PLANE_PORT: "4000" — must differ from PROXY_PORT"#),
        (["AUDIT_RING_SIZE": "0"], #"Invalid AUDIT_RING_SIZE: "0" — must be a positive integer (≥ 1)"#),
        (["AUDIT_RING_SIZE": "2000000"], #"Invalid AUDIT_RING_SIZE: "2000000" — must be at most 1000000"#),
        (["OPA_PROXY_MODE": "block"], #"Invalid OPA_PROXY_MODE: "block" — must be one of: enforce, track, off"#),
        (["OPA_FAIL_MODE": "Closed"], #"Invalid OPA_FAIL_MODE: "Closed" — must be one of: open, closed"#),
        (["OPA_PROXY_MODE": "Enforce"], #"Invalid OPA_PROXY_MODE: "Enforce" — must be one of: enforce, track, off"#),
        (["OPA_URL": "localhost:8181"], #"Invalid OPA_URL: "localhost:8181" — must use http: or https: protocol"#),
        (["MAX_REQUEST_BODY_BYTES": "-1"], #"Invalid MAX_REQUEST_BODY_BYTES: "-1" — must be a non-negative integer (0 for no limit)"#),
        (["MAX_REQUEST_BODY_BYTES": "16MiB"], #"Invalid MAX_REQUEST_BODY_BYTES: "16MiB" — must be a non-negative integer (0 for no limit)"#),
        (["MAX_REQUEST_BODY_BYTES": "99999999999999999999"], #"Invalid MAX_REQUEST_BODY_BYTES: "99999999999999999999" — must be a non-negative integer (0 for no limit)"#),
        (["LOG_LEVEL": "verbose"], #"Invalid LOG_LEVEL: "verbose" — must be one of: debug, info, warn, error"#),
        // A refused URL is shown without its secrets: the userinfo and every query value
        // become `***` (configuration errors reach logs).
        (["UPSTREAM_URL": "http://admin:hunter2@127.0.0.1:8000"],
         #"Invalid UPSTREAM_URL: "http://***@127.0.0.1:8000" — must not carry credentials (user:password@): they would be shown wherever the URL is"#),
        (["OPA_URL": "https://tok3n@opa.internal/v1"],
         #"Invalid OPA_URL: "https://***@opa.internal/v1" — must not carry credentials (user:password@): they would be shown wherever the URL is"#),
        (["ANTHROPIC_BASE_URL": "ftp://u:p@x/?key=hunter2&b=1#frag"],
         #"Invalid ANTHROPIC_BASE_URL: "ftp://***@x/?key=***&b=***#***" — must use http: or https: protocol"#),
        (["BUNDLE_URL": "http://a:hunter2@x/b.tar.gz"],
         #"Invalid BUNDLE_URL: "http://***@x/b.tar.gz" — must not carry credentials (user:password@): they would be shown wherever the URL is"#),
        (["DECISION_LOG_URL": "ftp://x/logs?token=hunter2"],
         #"Invalid DECISION_LOG_URL: "ftp://x/logs?token=***" — must use http: or https: protocol"#),
        (["STATUS_URL": "status?sig=hunter2"],
         #"Invalid STATUS_URL: "status?sig=***" — must be an absolute http: or https: URL"#),
    ])
    func badValuesGetTheContractsMessage(env: [String: String], message: String) {
        do {
            _ = try SidecarConfiguration.load(environment: env)
            Issue.record("accepted \(env)")
        } catch {
            #expect(error.message == message)
        }
    }

    @Test func upstreamURLKeepsItsPathPrefix() throws {
        let c = try SidecarConfiguration.load(environment: ["UPSTREAM_URL": "https://agent.internal:8443/api/"])
        #expect(c.upstream.isTLS && c.upstream.host == "agent.internal" && c.upstream.port == 8443 && c.upstream.pathPrefix == "/api")
    }
}
