// Object builtins against OPA's answers.
import Testing
@testable import PolicyVM

@Suite struct ObjectBuiltinsTests {
    static let results: [ResultCase] = [
        .init("object.get", [["a": [1, 2]], ["a", 1], 0], 2),
        .init("object.get", [["a": set(1)], ["a", 1], 0], 1),
        .init("object.get", [["a": 1], [], 0], ["a": 1]),
        .init("object.get", [["a": 1], "b", 0], 0),
        .init("object.get", [["a": 1], "a", 0], 1),
        .init("object.get", [["a": ["b": 1]], ["a", "b", "c"], 0], 0),
        .init("object.get", [.object([["a"]: 1]), ["a"], 0], 0),
        .init("object.get", [["a": [1]], ["a", "0"], 0], 0),
        .init("object.keys", [["a": 1, "b": 2]], set("a", "b")),
        .init("object.remove", [["a": 1, "b": 2], ["a": 0]], ["b": 2]),
        .init("object.remove", [["a": 1, "b": 2], set("a", "b")], .emptyObject),
        .init("object.filter", [["a": 1, "b": 2], ["a", "c"]], ["a": 1]),
        .init("object.union", [["a": ["b": 1, "c": 2]], ["a": ["b": 3], "d": 4]], ["a": ["b": 3, "c": 2], "d": 4]),
        .init("object.union", [["a": ["b": 1]], ["a": 5]], ["a": 5]),
    ]

    @Test(arguments: results) func result(_ c: ResultCase) { check(c) }

    static let errors: [ErrorCase] = [
        .init("object.remove", [["a": 1], "a"], .type, "object.remove: operand 2 must be one of {object, set, array} but got string"),
        .init("object.filter", [["a": 1], 1], .type, "object.filter: operand 2 must be one of {object, set, array} but got number"),
        .init("object.get", [[1], "a", 0], .type, "object.get: operand 1 must be object but got array"),
        .init("object.keys", [set()], .type, "object.keys: operand 1 must be object but got set"),
        .init("object.union", [["a": 1], .null], .type, "object.union: operand 2 must be object but got null"),
    ]

    @Test(arguments: errors) func error(_ c: ErrorCase) { check(c) }
}
