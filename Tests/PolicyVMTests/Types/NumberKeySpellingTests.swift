// A constant key looked up in a literal object, as OPA's type checker finds it: by
// value, except that a key written with an exponent whose value is an integer misses
// a key written without one (an undefined ref at compile time). Found by treegen's
// `numeric-representation` shape (`{-3: true}[-3e0]`); every expected answer is the
// real OPA engine's (v1.x, rego-conformance/1).
import Testing
@testable import PolicyVM

@Suite struct NumberKeySpellingTests {
    @Test(arguments: [
        // Refused: an integral key with an exponent, the object's key without one.
        ("{1: true}[1e0]", false), ("{100: true}[1e2]", false), ("{100: true}[1E2]", false),
        ("{-3: true}[-3e0]", false), ("{-3.0: true}[-3e0]", false), ("{-0: true}[0e5]", false),
        ("{100.0: true}[1e2]", false), ("{1: true}[1.0e0]", false), ("{2: true}[20e-1]", false),
        ("{1: true}[10e-1]", false), ("{3: true}[3.0e0]", false),
        // Found: equal values otherwise.
        ("{1: true}[1.0]", true), ("{1.0: true}[1]", true), ("{100: true}[100.0]", true),
        ("{1e2: true}[100]", true), ("{1e2: true}[1e2]", true), ("{1E2: true}[1e2]", true),
        ("{2e0: true}[2]", true), ("{1.5: true}[15e-1]", true), ("{1.5: true}[1.5e0]", true),
        ("{0.5: true}[5e-1]", true), ("{0: true}[-0]", true), ("{10e-1: true}[1.0]", true),
        ("{12345678901234567890: true}[1.2345678901234567890e19]", true),
    ])
    func matchesOPA(lookup: String, found: Bool) throws {
        try RegoHarness.expectOPAAnswer(rules: "r := \(lookup)", query: "x := data.test.r", input: "null", data: "{}",
                                        expected: found ? "[{\"x\":true}]" : "error:rego_type_error")
    }
}
