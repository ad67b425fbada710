// A reference below `data` that stays in base data is read from OPA's store by path,
// each key as text: a number key names the object key spelled as the number is
// (`data.users[1]` reads "1"), and a string key indexes an array when it spells an
// integer (`data.names["0"]`, "01", "+1", "2.0"; not "1e0" or "1.5"). A value that
// did not come from base data (a rule's, a local's, input) is looked into as before.
// Found by treegen's `negative-index` shape (`data.prices["0"]`); every expected answer
// is the real OPA engine's (v1.x, rego-conformance/1).
import Testing
@testable import PolicyVM

@Suite struct BaseDataKeyTests {
    static let data = """
        {"names": ["a", "b", "c"], "roles": {"1": "one", "1.0": "onedot", "1e0": "e", "-0": "negzero"},
         "deep": [{"a": 0}, {"a": 1}], "nested": {"a": [{"b": 5}]}, "prices": [0.1, 0.2]}
        """

    @Test(arguments: [
        // String keys into arrays of base data.
        ("r := data.names[\"0\"]", "{}", "[{\"x\":\"a\"}]"),
        ("r := data.names[\"01\"]", "{}", "[{\"x\":\"b\"}]"),
        ("r := data.names[\"+1\"]", "{}", "[{\"x\":\"b\"}]"),
        ("r := data.names[\"-0\"]", "{}", "[{\"x\":\"a\"}]"),
        ("r := data.names[\"2.0\"]", "{}", "[{\"x\":\"c\"}]"),
        ("r := data.names[\"1.\"]", "{}", "[{\"x\":\"b\"}]"),
        ("r := data.names[\"1.00\"]", "{}", "[{\"x\":\"b\"}]"),
        ("r := data.names[\"1e0\"]", "{}", "[]"),
        ("r := data.names[\"1.5\"]", "{}", "[]"),
        ("r := data.names[\".5\"]", "{}", "[]"),
        ("r := data.names[\"-1\"]", "{}", "[]"),
        ("r := data.names[\"0x1\"]", "{}", "[]"),
        ("r := data.names[\" 1\"]", "{}", "[]"),
        ("r := data.deep[\"1\"].a", "{}", "[{\"x\":1}]"),
        ("r := data.nested.a[\"0\"].b", "{}", "[{\"x\":5}]"),
        ("r := v if { x := \"1\"; v := data.names[x] }", "{}", "[{\"x\":\"b\"}]"),
        ("r := v if { v := data.names[input.k] }", "{\"k\": \"1\"}", "[{\"x\":\"b\"}]"),
        ("r := count(data.names[\"1\"])", "{}", "[{\"x\":1}]"),
        ("r := [x | x := data.names[\"1\"]]", "{}", "[{\"x\":[\"b\"]}]"),
        // Number keys into objects of base data: the key spelled as the number is.
        ("r := data.roles[1]", "{}", "[{\"x\":\"one\"}]"),
        ("r := data.roles[1.0]", "{}", "[{\"x\":\"onedot\"}]"),
        ("r := data.roles[1e0]", "{}", "[{\"x\":\"e\"}]"),
        ("r := data.roles[-0]", "{}", "[{\"x\":\"negzero\"}]"),
        ("r := data.roles[100e-2]", "{}", "[]"),
        ("r := data.roles[true]", "{}", "[]"),
        ("r := v if { k := 1; v := data.roles[k] }", "{}", "[{\"x\":\"one\"}]"),
        ("r := v if { v := data.roles[input.k] }", "{\"k\": 1}", "[{\"x\":\"one\"}]"),
        ("r := v if { data.roles[1] = v }", "{}", "[{\"x\":\"one\"}]"),
        ("q := 1\nr := data.roles[1]", "{}", "[{\"x\":\"one\"}]"),
        // Number keys into arrays, as before.
        ("r := data.names[1.0]", "{}", "[{\"x\":\"b\"}]"),
        ("r := data.names[1e0]", "{}", "[]"),
        ("r := data.names[-0]", "{}", "[{\"x\":\"a\"}]"),
        ("r := data.prices[\"0\"] + 1", "{}", "[{\"x\":1.1}]"),
        // Not base data: a local holding it, iteration keys.
        ("r := v if { x := data.names; v := x[\"0\"] }", "{}", "[]"),
        ("r := [[i, v] | some i; v := data.names[i]]", "{}", "[{\"x\":[[0,\"a\"],[1,\"b\"],[2,\"c\"]]}]"),
        ("r := [k | data.roles[k]]", "{}", "[{\"x\":[\"-0\",\"1\",\"1.0\",\"1e0\"]}]"),
    ])
    func matchesOPA(rules: String, input: String, expected: String) throws {
        try RegoHarness.expectOPAAnswer(rules: rules, query: "x := data.test.r", input: input, data: Self.data, expected: expected)
    }

    /// A query reads base data the same way.
    @Test func inAQuery() throws {
        #expect(RegoHarness.run([], "x := data.names[\"1\"]", data: try JSONReader.parse(Self.data)) == "[{\"x\":\"b\"}]")
        #expect(RegoHarness.run([], "x := data.roles[1]", data: try JSONReader.parse(Self.data)) == "[{\"x\":\"one\"}]")
    }
}
