// String builtins against OPA's answers: runes not bytes, exact code point matching.
import Testing
@testable import PolicyVM

@Suite struct StringBuiltinsTests {
    static let results: [ResultCase] = [
        .init("concat", [",", set("b", "a")], "a,b"),
        .init("concat", ["-", ["x", "y", "z"]], "x-y-z"),
        .init("concat", [",", []], ""),
        .init("contains", ["abc", ""], true),
        .init("contains", ["e\u{301}", "\u{E9}"], false),
        .init("startswith", ["héllo", "hé"], true),
        .init("endswith", ["héllo", "x"], false),
        .init("lower", ["ÀB"], "àb"),
        .init("lower", ["İ"], "i"),
        .init("upper", ["straße"], "STRAßE"),
        .init("split", ["a,b,,c", ","], ["a", "b", "", "c"]),
        .init("split", ["abc", ""], ["a", "b", "c"]),
        .init("split", ["", ","], [""]),
        .init("replace", ["aaa", "", "-"], "-a-a-a-"),
        .init("replace", ["aaaa", "aa", "b"], "bb"),
        .init("trim", ["xxhixx", "x"], "hi"),
        .init("trim_left", ["aabc", "ab"], "c"),
        .init("trim_right", ["abcc", "c"], "ab"),
        .init("trim_prefix", ["prefix-x", "prefix-"], "x"),
        .init("trim_suffix", ["x.rego", ".rego"], "x"),
        .init("trim_suffix", ["x.rego", ".json"], "x.rego"),
        .init("trim_space", ["\u{a0} hi \t\n"], "hi"),
        .init("strings.reverse", ["héllo"], "olléh"),
        .init("substring", ["héllo", 1, 2], "él"),
        .init("substring", ["abc", 5, 1], ""),
        .init("substring", ["abc", 1, -1], "bc"),
        .init("substring", ["", 5, 1], ""),
        .init("indexof", ["héllo", "l"], 2),
        .init("indexof", ["abc", "z"], -1),
    ]

    @Test(arguments: results) func result(_ c: ResultCase) { check(c) }

    static let errors: [ErrorCase] = [
        .init("lower", [1], .type, "lower: operand 1 must be string but got number"),
        .init("concat", [",", [1]], .type, "concat: operand 2 must be array of strings but got array containing number"),
        .init("concat", [",", "a"], .type, "concat: operand 2 must be one of {set, array} but got string"),
        .init("substring", ["abc", -1, 2], .builtin, "substring: negative offset"),
        .init("substring", [1, 0, 1], .type, "substring: operand 1 must be string but got number"),
        .init("substring", ["abc", 1.5, 1], .type, "substring: operand 2 must be integer number but got floating-point number"),
        .init("indexof", ["abc", ""], .builtin, "indexof: empty search character"),
        .init("replace", ["a", "b", .null], .type, "replace: operand 3 must be string but got null"),
    ]

    @Test(arguments: errors) func error(_ c: ErrorCase) { check(c) }
}
