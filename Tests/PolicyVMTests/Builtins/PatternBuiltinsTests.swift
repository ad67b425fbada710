// regex.match, regex.split and glob.match against OPA's answers (RE2 syntax and
// errors, gobwas/glob semantics).
import Testing
@testable import PolicyVM

@Suite struct PatternBuiltinsTests {
    static let results: [ResultCase] = [
        .init("regex.match", ["[[:alpha:]]+", "ab"], true),
        .init("regex.match", ["\\pL", "é"], true),
        .init("regex.match", ["(?i)AB", "ab"], true),
        .init("regex.match", ["\\d", "\u{663}"], false),
        .init("regex.match", ["\\bfoo\\b", "a foo b"], true),
        .init("regex.match", ["^a.c$", "a\nc"], false),
        .init("regex.match", ["(?s)^a.c$", "a\nc"], true),
        .init("regex.match", ["\\Aab\\z", "ab"], true),
        .init("regex.match", ["x*?y", "xy"], true),
        .init("regex.match", ["\\Qa.b\\E", "a.b"], true),
        .init("regex.match", ["\\Qa.b\\E", "axb"], false),
        .init("regex.match", ["(?P<n>a)", "a"], true),
        .init("regex.match", ["(?<n>a)", "a"], true),
        .init("regex.match", ["^ab$", "ab\n"], false),
        .init("regex.match", ["(?m)^b$", "a\nb\nc"], true),
        .init("regex.match", ["[]a]+", "]a"], true),
        .init("regex.match", ["a{2,3}", "baab"], true),
        .init("regex.match", ["^[a-c]{2}$", "abc"], false),
        .init("regex.match", ["\\x{41}\\101\\x41", "AAA"], true),
        .init("regex.match", ["[\\d\\-x]+", "1-x"], true),
        .init("regex.match", ["(?i)straße", "STRASSE"], false),
        .init("regex.match", ["(?U)a+", "aaa"], true),
        .init("regex.match", ["a|", "b"], true),
        .init("regex.match", ["()", ""], true),
        .init("regex.match", ["(?:a)", "a"], true),
        .init("regex.match", ["(?i:A)b", "aB"], false),
        .init("regex.match", ["[[:^digit:]]", "1"], false),
        .init("regex.match", ["\\p{Greek}", "α"], true),
        .init("regex.match", ["\\PL", "a"], false),
        .init("regex.match", ["[^\\n]", "\n"], false),
        .init("regex.match", ["(?)", ""], true),
        .init("regex.match", ["a{,3}", "a{,3}"], true),
        .init("regex.split", ["a", "banana"], ["b", "n", "n", ""]),
        .init("regex.split", [",\\s*", "a, b,c"], ["a", "b", "c"]),
        .init("regex.split", ["x*", "abc"], ["a", "b", "c"]),
        .init("regex.split", ["", "abc"], ["a", "b", "c"]),
        .init("regex.split", ["a*", "baaac"], ["b", "c"]),
        .init("regex.split", ["a", ""], [""]),
        .init("glob.match", ["*.github.com", [], "api.github.com"], true),
        .init("glob.match", ["*.github.com", .null, "api.cdn.github.com"], true),
        .init("glob.match", ["*.github.com", ["."], "api.cdn.github.com"], false),
        .init("glob.match", ["**.github.com", ["."], "api.cdn.github.com"], true),
        .init("glob.match", ["*:github:com", [":"], "api:github:com"], true),
        .init("glob.match", ["a?c", [], "abc"], true),
        .init("glob.match", ["[a-c]x", [], "bx"], true),
        .init("glob.match", ["[!a-c]x", [], "bx"], false),
        .init("glob.match", ["{cat,dog}s", [], "dogs"], true),
        .init("glob.match", ["{a,b", [], "a"], true),
        .init("glob.match", ["a\\*", [], "a*"], true),
        .init("glob.match", ["*", [], ""], true),
        .init("glob.match", ["a.*", [], "a."], true),
        .init("glob.match", ["?", ["."], "."], false),
        .init("glob.match", ["{a.*,b}", [], "a.c.d"], false),
        .init("glob.match", ["[^a]", [], "b"], false),
        .init("glob.match", ["a**b", [], "a.x.b"], true),
        .init("glob.match", ["{a,{b,c}}", [], "c"], true),
        .init("glob.match", ["{}", [], ""], true),
        .init("glob.match", ["a]", [], "a]"], true),
    ]

    @Test(arguments: results) func result(_ c: ResultCase) { check(c) }

    static let errors: [ErrorCase] = [
        .init("regex.match", ["(", "a"], .builtin, "regex.match: error parsing regexp: missing closing ): `(`"),
        .init("regex.match", ["(a)\\1", "aa"], .builtin, "regex.match: error parsing regexp: invalid escape sequence: `\\1`"),
        .init("regex.match", ["a(?=b)", "ab"], .builtin, "regex.match: error parsing regexp: invalid or unsupported Perl syntax: `(?=`"),
        .init("regex.match", ["a{1001}", "a"], .builtin, "regex.match: error parsing regexp: invalid repeat count: `{1001}`"),
        .init("regex.match", ["\\Z", "ab"], .builtin, "regex.match: error parsing regexp: invalid escape sequence: `\\Z`"),
        .init("regex.match", ["a**", "a"], .builtin, "regex.match: error parsing regexp: invalid nested repetition operator: `**`"),
        .init("regex.match", ["[a-", "a"], .builtin, "regex.match: error parsing regexp: missing closing ]: `[a-`"),
        .init("regex.match", ["\\8", "a"], .builtin, "regex.match: error parsing regexp: invalid escape sequence: `\\8`"),
        .init("regex.match", ["a)", "a"], .builtin, "regex.match: error parsing regexp: unexpected ): `a)`"),
        .init("regex.match", ["*", ""], .builtin, "regex.match: error parsing regexp: missing argument to repetition operator: `*`"),
        .init("regex.match", ["x{2}{3}", "x"], .builtin, "regex.match: error parsing regexp: invalid nested repetition operator: `{2}{3}`"),
        .init("regex.match", ["[z-a]", ""], .builtin, "regex.match: error parsing regexp: invalid character class range: `z-a`"),
        .init("regex.match", ["\\p{Foo}", ""], .builtin, "regex.match: error parsing regexp: invalid character class range: `\\p{Foo}`"),
        .init("regex.match", [1, "a"], .type, "regex.match: operand 1 must be string but got number"),
        .init("regex.split", ["(", "a"], .builtin, "regex.split: error parsing regexp: missing closing ): `(`"),
        .init("glob.match", ["[", [], "a"], .builtin, "glob.match: unexpected end of input"),
        .init("glob.match", ["[]a]", [], "]"], .builtin, "glob.match: could not parse range"),
        .init("glob.match", ["[a-]", [], "a"], .builtin, "glob.match: unexpected end of input"),
        .init("glob.match", ["*", ["ab"], "x"], .type, "glob.match: operand 2 must be array of runes but got array containing string"),
        .init("glob.match", ["*", "a", "x"], .type, "glob.match: operand 2 must be one of {array, null} but got string"),
    ]

    @Test(arguments: errors) func error(_ c: ErrorCase) { check(c) }

    @Test func hostileGlobStaysLinear() throws {
        let pattern = String(repeating: "*a", count: 200) + "b"
        #expect(try Call.run("glob.match", [.string(pattern), [], .string(String(repeating: "a", count: 2000))]) == false)
    }
}
