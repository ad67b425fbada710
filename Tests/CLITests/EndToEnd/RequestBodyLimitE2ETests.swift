// RequestBodyLimitE2ETests: MAX_REQUEST_BODY_BYTES (and --max-request-body-bytes) bound
// proxied request bodies with a 413 past the limit; 0 streams bodies without a limit.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct RequestBodyLimitE2ETests {
    @Test func theLimitIsASetting() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url, env: ["MAX_REQUEST_BODY_BYTES": "1000"])
        let atLimit = try await Curl.request(sc.proxy + "/upload", method: "POST", body: Data(repeating: 0x61, count: 1000))
        #expect(atLimit.status == 200)
        #expect(try atLimit.object().int("bodyLength") == 1000)
        let past = try await Curl.request(sc.proxy + "/upload", method: "POST", body: Data(repeating: 0x61, count: 1001))
        #expect(past.status == 413, "\(past)")
        #expect(try past.object().string("error") == "ContentTooLarge")
        // The flag wins over the variable.
        let flagged = try await h.sidecar(upstream: up.url, env: ["MAX_REQUEST_BODY_BYTES": "1000"],
                                          arguments: ["--max-request-body-bytes", "2000"])
        let underFlag = try await Curl.request(flagged.proxy + "/upload", method: "POST", body: Data(repeating: 0x61, count: 1500))
        #expect(underFlag.status == 200)
    }

    @Test func zeroStreamsBodiesPastTheDefault() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let body = Data(repeating: 0x62, count: 17 * 1024 * 1024)
        let byDefault = try await h.sidecar(upstream: up.url)
        #expect(try await Curl.request(byDefault.proxy + "/big", method: "POST", body: body, maxTime: 60).status == 413)
        let unlimited = try await h.sidecar(upstream: up.url, env: ["MAX_REQUEST_BODY_BYTES": "0"])
        let r = try await Curl.request(unlimited.proxy + "/big", method: "POST", body: body, maxTime: 60)
        #expect(r.status == 200, "\(r)")
        #expect(try r.object().int("bodyLength") == body.count)
    }
}
