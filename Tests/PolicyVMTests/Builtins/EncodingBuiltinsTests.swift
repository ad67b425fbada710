// json.* and base64.* against OPA's answers, including Go's error texts.
import Testing
@testable import PolicyVM

@Suite struct EncodingBuiltinsTests {
    static let results: [ResultCase] = [
        .init("json.marshal", [["b": [1, 2.5, set(2, 1)], "a": .null, "<": "&"]], "{\"\\u003c\":\"\\u0026\",\"a\":null,\"b\":[1,2.5,[1,2]]}"),
        .init("json.marshal", [.object([1: 2])], "{\"1\":2}"),
        .init("json.unmarshal", ["{\"a\":1,\"a\":2}"], ["a": 2]),
        .init("json.unmarshal", ["[1, \"x\", null]"], [1, "x", .null]),
        .init("json.is_valid", ["{"], false),
        .init("json.is_valid", [" {\"a\": [1]} "], true),
        .init("json.is_valid", [1], false),
        .init("base64.encode", ["héllo"], "aMOpbGxv"),
        .init("base64.encode", [""], ""),
        .init("base64.encode", ["ab"], "YWI="),
        .init("base64.decode", ["YWJj"], "abc"),
        .init("base64.decode", ["YW\nJj"], "abc"),
        .init("base64.decode", ["YWI="], "ab"),
        .init("base64.decode", ["/w=="], "\u{FFFD}"),
    ]

    @Test(arguments: results) func result(_ c: ResultCase) { check(c) }

    static let errors: [ErrorCase] = [
        .init("json.unmarshal", ["{"], .builtin, "json.unmarshal: unexpected EOF"),
        .init("json.unmarshal", ["[1,]"], .builtin, "json.unmarshal: invalid character ']' looking for beginning of value"),
        .init("json.unmarshal", ["tru"], .builtin, "json.unmarshal: unexpected EOF"),
        .init("json.unmarshal", ["1 2"], .builtin, "json.unmarshal: error: invalid character '2' after top-level value"),
        .init("json.unmarshal", [""], .builtin, "json.unmarshal: EOF"),
        .init("json.unmarshal", [1], .type, "json.unmarshal: operand 1 must be string but got number"),
        .init("base64.decode", ["YWJ"], .builtin, "base64.decode: illegal base64 data at input byte 0"),
        .init("base64.decode", ["YW=j"], .builtin, "base64.decode: illegal base64 data at input byte 2"),
        .init("base64.decode", ["Y!Jj"], .builtin, "base64.decode: illegal base64 data at input byte 1"),
        .init("base64.decode", ["YWJjZA"], .builtin, "base64.decode: illegal base64 data at input byte 4"),
        .init("base64.decode", ["YQ==YQ=="], .builtin, "base64.decode: illegal base64 data at input byte 4"),
    ]

    @Test(arguments: errors) func error(_ c: ErrorCase) { check(c) }
}
