// BUNDLE_* and STATUS_* settings: defaults (OPA's 60/120 s), the bundle's name from its
// URL, flags over variables, and a clear error for every bad value — bad URLs, delays
// that are not positive integers, min above max, a setting that would be ignored, and
// BUNDLE_URL beside POLICY_DIR or OPA_URL. No error shows a token.
import Testing
@testable import Sidecar

@Suite struct FleetSettingsTests {
    @Test func defaultsAndTheBundleName() throws {
        let c = try SidecarConfiguration.load(environment: ["BUNDLE_URL": "https://bundles.internal/agents/gymcoach.tar.gz?X-Sig=1"])
        let b = try #require(c.bundle)
        #expect(b.pollMinSeconds == 60 && b.pollMaxSeconds == 120 && b.token == nil)
        #expect(b.name == "agents/gymcoach.tar.gz")
        #expect(b.requestURL == "https://bundles.internal/agents/gymcoach.tar.gz?X-Sig=1")
        #expect(b.displayURL == "https://bundles.internal/agents/gymcoach.tar.gz")
        #expect(c.status == nil)
        #expect(try SidecarConfiguration.load(environment: ["BUNDLE_URL": "http://bundles.internal"]).bundle?.name == "bundles.internal")
        #expect(try SidecarConfiguration.load(environment: [:]).bundle == nil)
    }

    @Test func flagsAndTokens() throws {
        let c = try SidecarConfiguration.load(
            environment: ["BUNDLE_URL": "http://a/b.tar.gz", "BUNDLE_POLL_MIN_S": "5", "BUNDLE_POLL_MAX_S": "9", "BUNDLE_TOKEN": "t1",
                          "STATUS_URL": "http://c/status", "STATUS_TOKEN": "t2"],
            overrides: ["BUNDLE_POLL_MIN_S": "1", "STATUS_INTERVAL_S": "7"])
        #expect(c.bundle?.pollMinSeconds == 1 && c.bundle?.pollMaxSeconds == 9 && c.bundle?.token == "t1")
        #expect(c.status == StatusSettings(requestURL: "http://c/status", displayURL: "http://c/status", intervalSeconds: 7, token: "t2"))
        #expect(SidecarConfiguration.flags.contains { $0 == ("BUNDLE_URL", "--bundle-url") })
        #expect(!SidecarConfiguration.flags.contains { $0.variable.hasSuffix("_TOKEN") }, "tokens come from the environment only")
    }

    static let bundle = ["BUNDLE_URL": "http://bundles.test/b.tar.gz"]

    @Test(arguments: [
        (["BUNDLE_URL": "bundles.test/b.tar.gz"],
         #"Invalid BUNDLE_URL: "bundles.test/b.tar.gz" — must be an absolute http: or https: URL of a bundle (.tar.gz)"#),
        (["BUNDLE_URL": "http://user:pw@bundles.test/b"],
         #"Invalid BUNDLE_URL: "http://***@bundles.test/b" — must not carry credentials (user:password@): they would be shown wherever the URL is"#),
        (bundle.merging(["BUNDLE_POLL_MIN_S": "0"]) { $1 },
         #"Invalid BUNDLE_POLL_MIN_S: "0" — must be a positive integer (≥ 1) number of seconds"#),
        (bundle.merging(["BUNDLE_POLL_MAX_S": "-5"]) { $1 },
         #"Invalid BUNDLE_POLL_MAX_S: "-5" — must be a positive integer (≥ 1) number of seconds"#),
        (bundle.merging(["BUNDLE_POLL_MIN_S": "1.5"]) { $1 },
         #"Invalid BUNDLE_POLL_MIN_S: "1.5" — must be a positive integer (≥ 1) number of seconds"#),
        (bundle.merging(["BUNDLE_POLL_MIN_S": "30", "BUNDLE_POLL_MAX_S": "10"]) { $1 },
         #"Invalid BUNDLE_POLL_MIN_S: "30" — must not exceed BUNDLE_POLL_MAX_S (10)"#),
        (bundle.merging(["BUNDLE_POLL_MIN_S": "300"]) { $1 },
         #"Invalid BUNDLE_POLL_MIN_S: "300" — must not exceed BUNDLE_POLL_MAX_S (120, its default)"#),
        (["BUNDLE_POLL_MIN_S": "5"], #"Invalid BUNDLE_POLL_MIN_S: "5" — has no effect without BUNDLE_URL"#),
        (["BUNDLE_TOKEN": "secret"], #"Invalid BUNDLE_TOKEN: "[REDACTED]" — has no effect without BUNDLE_URL"#),
        (["STATUS_TOKEN": "secret"], #"Invalid STATUS_TOKEN: "[REDACTED]" — has no effect without STATUS_URL"#),
        (["STATUS_URL": "status"], #"Invalid STATUS_URL: "status" — must be an absolute http: or https: URL"#),
        (["STATUS_URL": "http://c/status", "STATUS_INTERVAL_S": "0"],
         #"Invalid STATUS_INTERVAL_S: "0" — must be a positive integer (≥ 1) number of seconds"#),
        (bundle.merging(["POLICY_DIR": "/policies"]) { $1 },
         "BUNDLE_URL and POLICY_DIR cannot be used together: both supply the Rego compiled with the manifest's policy "
            + "(put POLICY_DIR's files in the bundle, or unset BUNDLE_URL)"),
        (bundle.merging(["OPA_URL": "http://opa:8181"]) { $1 },
         "BUNDLE_URL and OPA_URL cannot be used together: with OPA_URL the remote OPA decides and the bundle would never be "
            + "consulted (configure the bundle on that OPA, or unset OPA_URL)"),
    ])
    func badSettingsAreNamed(env: [String: String], message: String) {
        do {
            _ = try SidecarConfiguration.load(environment: env)
            Issue.record("accepted \(env)")
        } catch {
            #expect(error.message == message)
            #expect(!error.message.contains("secret"))
        }
    }

    @Test func aFlagIsNamedWhenTheValueCameFromIt() {
        do {
            _ = try SidecarConfiguration.load(environment: Self.bundle, overrides: ["BUNDLE_POLL_MAX_S": "x"])
            Issue.record("accepted")
        } catch {
            #expect(error.message == #"Invalid --bundle-poll-max-s: "x" — must be a positive integer (≥ 1) number of seconds"#)
        }
    }
}
