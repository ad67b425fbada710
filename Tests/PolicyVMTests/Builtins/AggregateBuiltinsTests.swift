// Aggregates, arrays, sets and type builtins against OPA's answers.
import Testing
@testable import PolicyVM

@Suite struct AggregateBuiltinsTests {
    static let results: [ResultCase] = [
        .init("count", ["héllo"], 5),
        .init("count", [["a": 1, "b": 2]], 2),
        .init("count", [set(1, 2, 3)], 3),
        .init("sum", [[1.5, 2]], 3.5),
        .init("sum", [set(1, 2)], 3),
        .init("sum", [[]], 0),
        .init("product", [[]], 1),
        .init("product", [[2, 3.5]], 7),
        .init("max", [[]], nil),
        .init("min", [set()], nil),
        .init("max", [[1, "a", .null]], "a"),
        .init("min", [set(1, "a", .null)], Value.null),
        .init("sort", [set(3, 1, "a")], [1, 3, "a"]),
        .init("sort", [[[2], [1, 5], .null]], [.null, [1, 5], [2]]),
        .init("array.concat", [[1], [2, 3]], [1, 2, 3]),
        .init("array.slice", [[1, 2, 3, 4], 1, 3], [2, 3]),
        .init("array.slice", [[1, 2, 3], -1, 10], [1, 2, 3]),
        .init("array.slice", [[1, 2, 3], 2, 1], []),
        .init("array.reverse", [[1, 2, 3]], [3, 2, 1]),
        .init("union", [set(set(1), set(2))], set(1, 2)),
        .init("intersection", [set(set(1, 2), set(2, 3))], set(2)),
        .init("intersection", [set()], set()),
        .init("and", [set(1, 2), set(2, 3)], set(2)),
        .init("or", [set(1), set(2)], set(1, 2)),
        .init("is_string", [1], false),
        .init("is_string", ["a"], true),
        .init("is_number", [1.5], true),
        .init("is_boolean", [.null], false),
        .init("is_array", [[]], true),
        .init("is_set", [set()], true),
        .init("is_object", [["a": 1]], true),
        .init("is_null", [.null], true),
        .init("type_name", [set()], "set"),
        .init("type_name", [false], "boolean"),
        .init("type_name", [.null], "null"),
    ]

    @Test(arguments: results) func result(_ c: ResultCase) { check(c) }

    static let errors: [ErrorCase] = [
        .init("count", [.null], .type, "count: operand 1 must be one of {array, object, set, string} but got null"),
        .init("sum", [[1, "a"]], .type, "sum: operand 1 must be array of numbers but got array containing string"),
        .init("sum", [set(1, "a")], .type, "sum: operand 1 must be set of numbers but got set containing string"),
        .init("sum", [["a": 1]], .type, "sum: operand 1 must be one of {set, array} but got object"),
        .init("sort", ["a"], .type, "sort: operand 1 must be one of {set, array} but got string"),
        .init("max", [1], .type, "max: operand 1 must be one of {set, array} but got number"),
        .init("array.slice", [[1], 0.5, 1], .type, "array.slice: operand 2 must be integer number but got floating-point number"),
        .init("array.concat", [[1], "a"], .type, "array.concat: operand 2 must be array but got string"),
        .init("union", [[1]], .type, "union: operand 1 must be set but got array"),
        .init("union", [set([1])], .type, "union: operand 1 must be set but got array"),
        .init("and", [set(1), "a"], .type, "and: operand 2 must be set but got string"),
        .init("or", ["a", set(1)], .type, "or: operand 1 must be set but got string"),
    ]

    @Test(arguments: errors) func error(_ c: ErrorCase) { check(c) }
}
