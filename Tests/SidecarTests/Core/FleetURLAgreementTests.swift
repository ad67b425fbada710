// FleetURLAgreementTests: every URL `agentspec generate` accepts for a fleet service
// (AgentSpec's `FleetURL`) is one the sidecar reads at startup, so a generated sidecar
// never stops on a URL generate let through. Checked over the combinations of schemes,
// authorities and paths below, through the sidecar's configuration loader.
import AgentSpec
import Testing
@testable import Sidecar

@Suite struct FleetURLAgreementTests {
    static let schemes = ["http://", "https://", "HTTPS://", "ftp://", "", "http:"]
    static let authorities = ["bundles.internal", "b:8080", "b:0", "b:65536", "b:x", "[::1]", "[::1]:9000", "[::1", "[zz]",
                              "bundle_server", "", ":80", "user@b", "u:p@b", "ü.example", "a:b:80", "10.0.0.7:1", "b c"]
    static let paths = ["", "/", "/agents/a.tar.gz", "?sig=1&x=2", "/logs?x#frag", "/$(TOKEN)", "/a%24b"]

    static var urls: [String] { schemes.flatMap { s in authorities.flatMap { a in paths.map { s + a + $0 } } } }

    @Test func everyURLGenerateAcceptsTheSidecarReads() {
        var accepted = 0
        for url in Self.urls where FleetURL.problem(url, tokenVariable: "BUNDLE_TOKEN") == nil {
            accepted += 1
            #expect(throws: Never.self, "\(url)") { try SidecarConfiguration.load(environment: ["OPA_URL": url]) }
            #expect(throws: Never.self, "\(url)") {
                try SidecarConfiguration.load(environment: ["BUNDLE_URL": url, "BUNDLE_TOKEN": "t", "STATUS_URL": url, "STATUS_TOKEN": "t"])
            }
        }
        // Not vacuous: 3 schemes × 6 authorities × 5 paths are well formed.
        #expect(accepted == 3 * 6 * 5)
    }
}
