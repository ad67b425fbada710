// Arithmetic, comparison and number builtins against OPA's answers.
import Testing
@testable import PolicyVM

@Suite struct ArithmeticBuiltinsTests {
    static let results: [ResultCase] = [
        .init("plus", [1, 2], 3),
        .init("plus", [1.5, 2], 3.5),
        .init("plus", [.int(Int.max), 1], .number(Number(text: "9223372036854775808")!)),
        .init("minus", [5, 7], -2),
        .init("minus", [set(1, 2), set(1)], set(2)),
        .init("mul", [3, 4], 12),
        .init("div", [5, 2], 2.5),
        .init("div", [6, 3], 2),
        .init("div", [0, 5], 0),
        .init("rem", [-7, 3], -1),
        .init("rem", [.int(Int.min), -1], 0),
        .init("abs", [-1.5], 1.5),
        .init("abs", [-3], 3),
        .init("round", [-2.5], -3),
        .init("round", [2.5], 3),
        .init("round", [2.4], 2),
        .init("ceil", [-1.5], -1),
        .init("ceil", [1.2], 2),
        .init("floor", [-1.5], -2),
        .init("floor", [7], 7),
        .init("equal", [1, 1.0], true),
        .init("neq", ["a", "b"], true),
        .init("lt", [1, "a"], true),
        .init("lte", [[1], [1]], true),
        .init("gt", [set(1), ["a": 1]], true),
        .init("gte", [.null, false], false),
        .init("numbers.range", [1, 3], [1, 2, 3]),
        .init("numbers.range", [3, 1], [3, 2, 1]),
        .init("numbers.range", [2, 2], [2]),
        .init("to_number", [.null], 0),
        .init("to_number", [true], 1),
        .init("to_number", ["1e3"], 1000),
        .init("to_number", ["+1"], 1),
        .init("to_number", [".5"], 0.5),
        .init("to_number", ["1_000"], 1000),
        .init("to_number", ["0x1p4"], 16),
        .init("to_number", ["-0"], 0),
        .init("to_number", ["1."], 1),
        .init("to_number", ["-12.25"], -12.25),
        .init("format_int", [3.7, 10], "3"),
        .init("format_int", [-3.7, 10], "-3"),
        .init("format_int", [255, 16], "ff"),
        .init("format_int", [-255, 2], "-11111111"),
        .init("format_int", [10.5, 16], "a"),
        .init("format_int", [-10.5, 8], "-12"),
        .init("format_int", [1e20, 10], "100000000000000000000"),
    ]

    @Test(arguments: results) func result(_ c: ResultCase) { check(c) }

    static let errors: [ErrorCase] = [
        .init("plus", ["a", 1], .type, "plus: operand 1 must be number but got string"),
        .init("mul", [1, "a"], .type, "mul: operand 2 must be number but got string"),
        .init("minus", ["a", 1], .type, "minus: operand 1 must be one of {number, set} but got string"),
        .init("minus", [1, set(1)], .type, "minus: operand 2 must be number but got set"),
        .init("minus", [set(1), "a"], .type, "minus: operand 2 must be number but got string"),
        .init("minus", [set(1, 2), 1], .type, "minus: operand 2 must be set but got number"),
        .init("div", [1, 0], .builtin, "div: divide by zero"),
        .init("div", [1, 0.0], .builtin, "div: divide by zero"),
        .init("rem", [1, 0], .builtin, "rem: modulo by zero"),
        .init("rem", [5, 0.0], .builtin, "rem: modulo by zero"),
        .init("rem", [1.5, 0], .builtin, "rem: modulo on floating-point number"),
        .init("abs", ["x"], .type, "abs: operand 1 must be number but got string"),
        .init("numbers.range", [1, 3.5], .type, "numbers.range: operand 2 must be integer number but got floating-point number"),
        .init("numbers.range", ["a", 1], .type, "numbers.range: operand 1 must be integer but got string"),
        .init("numbers.range", [0, 100_000_000], .builtin, "numbers.range: range has more than 1000000 numbers"),
        .init("to_number", ["abc"], .builtin, "to_number: strconv.ParseFloat: parsing \"abc\": invalid syntax"),
        .init("to_number", [" 1"], .builtin, "to_number: strconv.ParseFloat: parsing \" 1\": invalid syntax"),
        .init("to_number", ["0x10"], .builtin, "to_number: strconv.ParseFloat: parsing \"0x10\": invalid syntax"),
        .init("to_number", [""], .builtin, "to_number: strconv.ParseFloat: parsing \"\": invalid syntax"),
        .init("to_number", ["1e400"], .builtin, "to_number: strconv.ParseFloat: parsing \"1e400\": value out of range"),
        .init("to_number", ["Inf"], .type, "to_number: operand 1 must be valid number string but got string"),
        .init("to_number", ["-nan"], .type, "to_number: operand 1 must be valid number string but got string"),
        .init("to_number", [[1]], .type, "to_number: operand 1 must be one of {null, boolean, number, string} but got array"),
        .init("format_int", [10, 3], .type, "format_int: operand 2 must be one of {2, 8, 10, 16}"),
        // OPA compares the base's text: 2.0 is not "2".
        .init("format_int", [1, .number(Number(text: "2.0")!)], .type, "format_int: operand 2 must be one of {2, 8, 10, 16}"),
        .init("rem", [.number(Number(text: "123456789012345678901234567890")!), 0], .builtin, "rem: modulo by zero"),
        .init("div", [1, .number(Number(text: "0e5")!)], .builtin, "div: divide by zero"),
        .init("div", [1, .number(Number(text: "-0")!)], .builtin, "div: divide by zero"),
        .init("numbers.range", [1.5, 3], .type, "numbers.range: operand 1 must be integer number but got floating-point number"),
        .init("plus", [.number(Number(text: "1e100001")!), 1], .builtin, "plus: number too large: more than 100000 digits"),
        .init("mul", [.number(Number(text: "1e60000")!), .number(Number(text: "1e60000")!)], .builtin,
              "mul: number too large: more than 100000 digits"),
    ]

    @Test(arguments: errors) func error(_ c: ErrorCase) { check(c) }

    @Test func integerResultsStayIntegers() throws {
        #expect(try Call.run("round", [2.5]) == .number(.int(3)))
        guard case .number(.int) = try Call.run("floor", [-1.5]) else {
            Issue.record("floor should give an integer")
            return
        }
    }
}
