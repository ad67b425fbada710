// Formatting never changes what a policy means: every module of a sample of the
// conformance corpus (Fixtures/conformance-sample.jsonl, 141 cases from OPA's and
// regorus's suites) is formatted, the text formats to itself, and the VM answers the
// case's query the same (result set, or error code) over the original and the
// formatted modules.
import Foundation
import Testing
@testable import PolicyVM

@Suite struct FormatMeaningTests {
    struct Case {
        let id: String
        let modules: [String]
        let query: String
        let data: Value
        let input: Value?
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/conformance-sample.jsonl")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line -> Case? in
            guard case .object(let o)? = try? JSONReader.parse(String(line)),
                  case .string(let id)? = o["id"], case .array(let mods)? = o["modules"],
                  case .string(let query)? = o["query"] else { return nil }
            let modules = mods.compactMap { m -> String? in if case .string(let s) = m { return s }; return nil }
            return Case(id: id, modules: modules, query: query, data: o["data"] ?? .emptyObject, input: o["input"])
        }
    }()

    @Test func sampleIsThere() {
        #expect(Self.cases.count == 141)
    }

    @Test(arguments: cases.indices)
    func formattingKeepsTheAnswer(_ i: Int) throws {
        let c = Self.cases[i]
        let formatted = try c.modules.enumerated().map { try RegoFormatter.format($0.element, file: "mod\($0.offset).rego") }
        for (n, text) in formatted.enumerated() {
            #expect(try RegoFormatter.format(text, file: "mod\(n).rego") == text, "\(c.id): module \(n) is not a fixed point")
        }
        let before = RegoHarness.run(c.modules, c.query, input: c.input, data: c.data)
        let after = RegoHarness.run(formatted, c.query, input: c.input, data: c.data)
        #expect(before == after, "\(c.id)")
    }
}
