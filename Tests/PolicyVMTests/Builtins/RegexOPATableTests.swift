// The regex and glob builtins against the real OPA engine's answers: every call of
// RegexOPATable (generated from OPA by scripts/gen_regex_opa_table.py) must give
// OPA's value, or OPA's error kind and message.
import Testing
@testable import PolicyVM

/// One builtin call with OPA's answer; arguments and values as JSON text.
struct OPACall: Sendable {
    let name: String
    let argumentsJSON: String
    let resultJSON: String?
    let errorKind: BuiltinError.Kind?
    let errorMessage: String?

    init(_ name: String, _ arguments: String, _ result: String?) {
        (self.name, argumentsJSON, resultJSON, errorKind, errorMessage) = (name, arguments, result, nil, nil)
    }

    init(_ name: String, _ arguments: String, error kind: BuiltinError.Kind, _ message: String) {
        (self.name, argumentsJSON, resultJSON, errorKind, errorMessage) = (name, arguments, nil, kind, message)
    }
}

@Suite struct RegexOPATableTests {
    @Test func tableIsLarge() {
        // Hundreds of patterns × texts, every builtin, the errors and the limits.
        #expect(RegexOPATableTests.table.count > 2_000)
        for name in ["regex.match", "regex.is_valid", "regex.split", "regex.find_n", "regex.find_all_string_submatch_n",
                     "regex.replace", "regex.template_match", "glob.match"] {
            #expect(RegexOPATableTests.table.contains { $0.name == name }, "no calls of \(name)")
        }
    }

    @Test func everyCallGivesOPAsAnswer() throws {
        for call in RegexOPATableTests.table {
            guard case .array(let args) = try JSONReader.parse(call.argumentsJSON) else {
                Issue.record("bad arguments \(call.argumentsJSON)")
                continue
            }
            let shown = "\(call.name)(\(call.argumentsJSON.prefix(200)))"
            let expected = try call.resultJSON.map { try JSONReader.parse($0) }
            do throws(BuiltinError) {
                let got = try Call.run(call.name, args)
                if let kind = call.errorKind {
                    Issue.record("\(shown) gave \(got.map(JSONWriter.write) ?? "undefined"), OPA: \(kind) error \(call.errorMessage ?? "")")
                } else {
                    #expect(got == expected, "\(shown)")
                }
            } catch {
                #expect(call.errorKind == error.kind && call.errorMessage == error.message,
                        "\(shown) failed with \(error.message.prefix(300)); OPA: \(call.resultJSON ?? call.errorMessage ?? "")")
            }
        }
    }
}
