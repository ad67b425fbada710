// The official YAML test suite (Fixtures/yaml-test-suite/cases.jsonl, MIT) run through the
// reader. Every case is either matched (same JSON), rejected as expected (an invalid
// case), or rejected as outside the subset (an `.unsupported` error); a valid case
// parsed to a different value, or an invalid case accepted, is a misparse and fails.
import Foundation
import PolicyVM
import Testing
@testable import AgentSpec

struct YAMLSuiteCase: Sendable, CustomStringConvertible {
    let id: String
    let yaml: String
    let expected: [Value]?
    var description: String { id }

    static func load() -> [YAMLSuiteCase] {
        let path = TestManifests.fixtures.appendingPathComponent("yaml-test-suite/cases.jsonl").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        var cases: [YAMLSuiteCase] = []
        for line in text.split(separator: "\n") {
            guard let v = try? JSONReader.parse(String(line)),
                  let id = v.field("id")?.stringValue, let yaml = v.field("yaml")?.stringValue else { continue }
            var expected: [Value]?
            if v.field("error") != .bool(true), case .array(let docs)? = v.field("json") { expected = docs }
            cases.append(YAMLSuiteCase(id: id, yaml: yaml, expected: expected))
        }
        return cases
    }
}

/// What the reader did with one case.
enum SuiteOutcome: Equatable {
    case matched, rejectedAsExpected, rejectedOutsideSubset, rejectedInsideSubset, misparsed
}

func outcome(of c: YAMLSuiteCase) -> SuiteOutcome {
    do {
        let docs = try YAMLParser.parseStream(c.yaml)
        guard let expected = c.expected else { return .misparsed }
        let values = docs.map(\.jsonValue)
        guard values.count == expected.count else { return .misparsed }
        for (v, e) in zip(values, expected) where v != e { return .misparsed }
        return .matched
    } catch {
        if c.expected == nil { return .rejectedAsExpected }
        return error.kind == .unsupported ? .rejectedOutsideSubset : .rejectedInsideSubset
    }
}

@Suite struct YAMLSuiteTests {
    static let cases = YAMLSuiteCase.load()

    @Test func suiteIsPresent() {
        // Every case of the stored suite is read (a missing or truncated file fails here).
        #expect(Self.cases.count == 373)
    }

    @Test(arguments: cases) func neverMisparses(_ c: YAMLSuiteCase) {
        let result = outcome(of: c)
        #expect(result != .misparsed, "case \(c.id) misparsed")
        #expect(result != .rejectedInsideSubset, "case \(c.id) rejected though inside the subset")
    }

    @Test func counts() {
        var counts: [String: Int] = [:]
        var unsupported: [String: Int] = [:]
        for c in Self.cases {
            let o = outcome(of: c)
            counts["\(o)", default: 0] += 1
            if o == .rejectedOutsideSubset {
                do { _ = try YAMLParser.parseStream(c.yaml) } catch { unsupported[error.message, default: 0] += 1 }
            }
            if o == .misparsed || o == .rejectedInsideSubset {
                let detail: String
                do { detail = "got " + (try YAMLParser.parseStream(c.yaml)).map { $0.jsonValue.map(JSONWriter.write) ?? "?" }.joined(separator: " | ") }
                catch { detail = "\(error)" }
                print("YAML suite \(o) \(c.id): \(detail)")
            }
        }
        print("YAML suite:", counts.sorted { $0.key < $1.key })
        print("YAML suite, outside the subset:", unsupported.sorted { $0.value > $1.value })
        #expect(counts["misparsed", default: 0] == 0)
    }
}
