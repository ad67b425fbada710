// `agentspec policy bench` and `policy capabilities`: the built binary's output shapes
// (no timings are asserted: tests are not benchmarks), errors as documents, usage.
import Foundation
import Testing

@Suite struct PolicyBenchCommandTests {
    static func policy() throws -> String {
        try PolicyTestCommandTests.folder([
            "b.rego": "package b\nallow if {\n  input.x == 1\n  count(input.items) > 2\n}\n",
            "input.json": "{\"x\": 1, \"items\": [1, 2, 3]}",
        ])
    }

    @Test func prettyIsATableOfOPAsMetrics() throws {
        let dir = try Self.policy()
        let r = try BinaryRunner.run(["policy", "bench", "-d", "\(dir)/b.rego", "-i", "\(dir)/input.json", "--count", "20", "data.b.allow"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").filter { $0.hasPrefix("| ") }
            .map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } }
        #expect(rows.map { $0[0] } == ["samples", "ns/op", "instructions/op", "histogram_timer_rego_query_eval_ns_min",
                                       "histogram_timer_rego_query_eval_ns_50%", "histogram_timer_rego_query_eval_ns_90%",
                                       "histogram_timer_rego_query_eval_ns_99%", "histogram_timer_rego_query_eval_ns_max"])
        #expect(rows.first?[1] == "20")
        #expect(rows.allSatisfy { Int($0[1]) != nil })
        #expect(r.stdout.hasPrefix("+-") && r.stdout.hasSuffix("-+\n"))
    }

    @Test func jsonIsGosBenchmarkResult() throws {
        let dir = try Self.policy()
        let r = try BinaryRunner.run(["policy", "bench", "-d", "\(dir)/b.rego", "-i", "\(dir)/input.json", "--count", "7",
                                      "--format", "json", "data.b.allow"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(doc["N"] as? Int == 7)
        let total = try #require(doc["T"] as? Int)
        let extra = try #require(doc["Extra"] as? [String: Int])
        #expect(extra["ns/op"] == total / 7)
        // Both conditions ran: more than the instructions of an input that stops at the first.
        let short = try BinaryRunner.run(["policy", "bench", "-d", "\(dir)/b.rego", "--count", "1", "-f", "json", "data.b.allow"])
        let shortExtra = try #require((try JSONSerialization.jsonObject(with: Data(short.stdout.utf8)) as? [String: Any])?["Extra"] as? [String: Int])
        #expect((extra["instructions/op"] ?? 0) > (shortExtra["instructions/op"] ?? 0))
        #expect(extra["histogram_timer_rego_query_eval_ns_min"]! <= extra["histogram_timer_rego_query_eval_ns_max"]!)
    }

    @Test func errorsAreDocumentsWithExitOne() throws {
        let dir = try Self.policy()
        let r = try BinaryRunner.run(["policy", "bench", "-d", "\(dir)/b.rego", "-f", "json", "data.b.allow +"])
        #expect(r.status == 1)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let first = try #require((doc["errors"] as? [[String: Any]])?.first)
        #expect(first["code"] as? String == "rego_parse_error")
        let pretty = try BinaryRunner.run(["policy", "bench", "-d", "\(dir)/missing.rego", "data.b.allow"])
        #expect(pretty.status == 1 && pretty.stderr.contains("missing.rego"))
    }

    @Test func usageErrorsExit64() throws {
        #expect(try BinaryRunner.run(["policy", "bench", "--count", "0", "data"]).status == 64)
        #expect(try BinaryRunner.run(["policy", "bench"]).status == 64)
    }

    @Test func capabilitiesPrintOPAsDocument() throws {
        let r = try BinaryRunner.run(["policy", "capabilities", "--current"])
        #expect(r.status == 0)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let builtins = try #require(doc["builtins"] as? [[String: Any]])
        let names = builtins.compactMap { $0["name"] as? String }
        #expect(names.contains("count") && names.contains("sprintf") && names == names.sorted())
        #expect(builtins.allSatisfy { ($0["decl"] as? [String: Any])?["type"] as? String == "function" })
        #expect(doc["features"] as? [String] != nil && doc["future_keywords"] as? [String] != nil)
        #expect(try BinaryRunner.run(["policy", "capabilities", "extra"]).status == 64)
    }
}
