// DataAPIE2ETests: the control plane's OPA Data API reads a request as OPA's server does —
// a GET's input from its last `input` query parameter, a POST's from the body's `input`
// member (absent or null: no input, and OPA's api_usage_warning), `strict-builtin-errors`
// from the query, a malformed input a 400 `invalid_parameter`, an evaluation error OPA's
// 500 with the errors listed — so an OPA client gets the answer OPA would give. The policy (POLICY_DIR) echoes its input and raises a builtin error.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct DataAPIE2ETests {
    static let module = """
        package probe

        import rego.v1

        echo := input

        number := to_number(input.text)
        """

    static func start(_ h: E2EHarness) async throws -> SidecarHandle {
        let dir = h.path("policies")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data(module.utf8).write(to: URL(fileURLWithPath: dir + "/probe.rego"))
        return try await h.sidecar(upstream: try await h.upstream().url, env: ["POLICY_DIR": dir])
    }

    @Test func inputsAreReadAsOPAReadsThem() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let sc = try await Self.start(h)
        let data = sc.control + "/v1/data/probe"

        // GET: the last `input` parameter, percent-encoded JSON.
        let get = try await Curl.request(data + "/echo?input=%7B%22a%22%3A1%7D&input=%7B%22a%22%3A2%7D")
        let got = try get.object()
        #expect(get.status == 200 && got.object("result")?["a"] as? Int == 2, "\(get)")
        let bare = try await Curl.request(data + "/echo")
        let bareAnswer = try bare.object()
        #expect(bare.status == 200 && bareAnswer.isEmpty, "no input: the echo is undefined, and a GET is not warned: \(bare)")

        // POST: `input` absent or null is no input at all, with OPA's warning.
        for body in ["", "{}", #"{"input": null}"#] {
            let r = try await Curl.request(data + "/echo", method: "POST", headers: ["Content-Type: application/json"], body: Data(body.utf8))
            let o = try r.object()
            #expect(r.status == 200 && o["result"] == nil, "body \(body): \(r)")
            #expect(o.object("warning")?.string("code") == "api_usage_warning"
                    && o.object("warning")?.string("message") == "'input' key missing from the request", "body \(body): \(r)")
        }
        let given = try await Curl.request(data + "/echo", method: "POST", body: Data(#"{"input": false}"#.utf8))
        let givenAnswer = try given.object()
        #expect(given.status == 200 && givenAnswer["result"] as? Bool == false && givenAnswer["warning"] == nil, "\(given)")

        // Malformed inputs: OPA's 400 invalid_parameter.
        for (method, url, body) in [("GET", data + "/echo?input=%7Bnope", ""), ("POST", data + "/echo", "{nope"), ("POST", data + "/echo", "[1]")] {
            let r = try await Curl.request(url, method: method, body: body.isEmpty ? nil : Data(body.utf8))
            let o = try r.object()
            #expect(r.status == 400 && o.string("code") == "invalid_parameter", "\(method) \(body): \(r)")
            #expect(o.string("message")?.contains("contains malformed input document") == true, "\(r)")
        }
    }

    @Test func strictBuiltinErrorsIsAsked() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let sc = try await Self.start(h)
        let body = Data(#"{"input": {"text": "x"}}"#.utf8)
        let lenient = try await Curl.request(sc.control + "/v1/data/probe/number", method: "POST", body: body)
        let lenientAnswer = try lenient.object()
        #expect(lenient.status == 200 && lenientAnswer.isEmpty, "an error is undefined without strict mode: \(lenient)")
        for query in ["strict-builtin-errors", "strict-builtin-errors=true", "strict-builtin-errors=TRUE"] {
            let strict = try await Curl.request(sc.control + "/v1/data/probe/number?" + query, method: "POST", body: body)
            // OPA's answer to an evaluation error: 500, internal_error, the errors listed.
            let o = try strict.object()
            #expect(strict.status == 500 && o.string("code") == "internal_error"
                    && o.string("message") == "error(s) occurred while evaluating query", "?\(query): \(strict)")
            let first = o.objects("errors")?.first
            #expect(first?.string("code") == "eval_builtin_error" && first?.object("location")?["row"] as? Int == 7, "\(strict)")
        }
        let off = try await Curl.request(sc.control + "/v1/data/probe/number?strict-builtin-errors=false", method: "POST", body: body)
        let offAnswer = try off.object()
        #expect(off.status == 200 && offAnswer.isEmpty, "\(off)")
    }
}
