#!/usr/bin/env python3
"""Writes Tests/PolicyVMTests/Builtins/RegexOPATables/: calls of the regex and glob
builtins with the answers of the real OPA engine (../shared/conformance/
reference_runner.py, OPA's Go `rego` package), so the Swift tests hold our engine
to OPA's results without needing OPA when they run. One file per topic (regex.match
by pattern group, the other operations, invalid patterns), each under 500 lines, and
RegexOPATable.swift joining them into `RegexOPATableTests.table`.

  python3 scripts/gen_regex_opa_table.py            # regenerate the table
  python3 scripts/gen_regex_opa_table.py --compare  # also show where we differ
"""
import json
import os
import sys

from opa_calls import OURS, REFERENCE, ask, swift_string

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "Tests", "PolicyVMTests", "Builtins", "RegexOPATables")

# regex.match: every pattern of a group against every text of MATCH_TEXTS. Grouped by
# topic, one generated file each (at most 19 patterns, so a file stays under 500 lines).
MATCH_GROUPS = [
    ("Repetition", "matchRepetition", "literals, repetition and patterns that are catastrophic for backtracking engines", [
        "", "a", "abc", "^abc$", "a.c", "(?s)a.c", "a*", "a+", "a?", "a{2}", "a{2,}", "a{1,3}", "^a{0,2}$",
        "((((((((((a*)*)*)*)*)*)*)*)*)*)*$", "(a+)+$", "(a|aa)+$", "(.*a){3}", "^(\\w+\\s?)*$",
    ]),
    ("Classes", "matchClasses", "bracket, POSIX and Perl classes, word boundaries", [
        "[abc]", "[^abc]", "[a-c]+", "[^\\n]", "[[:alpha:]]+", "[[:^digit:]]", "[[:punct:]]", "[[:space:]]",
        "[[:word:]]+", "[[:xdigit:]]{2}", "\\d+", "\\D", "\\s", "\\S+", "\\w+", "\\W", "\\bfoo\\b", "\\Bo\\B",
    ]),
    ("Anchors", "matchAnchors", "anchors, multi-line mode, alternation and lazy repetition", [
        "^$", "(?m)^b$", "(?m)^$", "a$", "(?m)a$", "\\Aab", "ab\\z", "x*", "(a|b)*c", "(a|ab)(c|bcd)", "a|b|c",
        "(?U)a+", "a+?", "a*?b",
    ]),
    ("CaseFolding", "matchCaseFolding", "case folding and Unicode properties", [
        "(?i)abc", "(?i)straße", "(?i)ΣΑΣ", "(?i)k", "(?i)[a-z]+", "(?i)\\w", "(?i)É", "(?i)ǆ", "\\pL+", "\\p{Lu}",
        "\\p{Greek}+", "\\PL", "\\p{^Greek}", "\\p{Han}", "\\p{Nd}", "\\pN", "[\\p{Lu}\\d]", "[^\\pL]",
        "\\p{Cased_Letter}",
    ]),
    ("Unicode", "matchUnicode", "Unicode text, code points and property aliases", [
        "é", ".", "^.$", "^..$", "\\x{e9}", "\\x41", "[\\x{1F600}-\\x{1F64F}]", "\\x{1F600}", "\\p{letter}",
        "\\p{Any}", "\\p{Assigned}", "\\p{ASCII}+", "[[:ascii:]]+",
    ]),
    ("Syntax", "matchSyntax", "escapes, quoting and syntax edges", [
        "\\101", "\\Q.*\\E", "[]a]", "[a-]", "[-a]", "a{,2}", "a{2", "\\.", "\\$", "\\^", "(?:ab)+", "(?P<n>x)y",
        "(?<n>x)y", "\\v", "\\f", "\\t", "\\n", "[\\n]", "\\x00",
    ]),
]
MATCH_TEXTS = ["", "abc", "ABC", "xabcx", "a\nb\nc", "aaa", "foo bar", "fooo", "é", "Straße", "STRASSE",
               "σας", "\u212a", "αβγ", "12ab", "😀", "\t \n", "a.c", "a-]", "x{2", "aaaaaaaaaaaaaaaaaaaaaaaaab",
               "中文", "ǅ", "$^.", "\u0000"]

SUBMATCH = [
    ("(a|ab)(c|bcd)(d*)", "abcd"), ("(a*)+", "b"), ("(a*)*", "b"), ("(a|)*", "aa"), ("(|a)*", "aa"),
    ("(|a)+", "aa"), ("(a*|b)*", "ab"), ("(a*)(b*)", "aabbb"), ("(a?)(a?)(a?)", "aa"), ("(a)|(b)", "ab"),
    ("(a)|b", "ab"), ("(a){0}", "aa"), ("(a){2}", "aaaa"), ("(a){1,3}", "aaaaa"), ("(a)+?", "aaa"),
    ("(?U)(a+)", "aaa"), ("(?U)(a+?)", "aaa"), ("((a)|b)+", "ab"), ("(a(b)?)+", "aba"), ("(x)?y", "y"),
    ("(?P<first>\\w+) (?P<last>\\w+)", "Jane Doe and John Roe"), ("(\\d+)-(\\d+)", "10-20 30-40"),
    ("()", "ab"), ("(^|,)(\\w*)", "a,,b"), ("(\\b)", "ab cd"), ("(?m)(^.*$)", "a\nb\n"), ("(.)", "héllo"),
    ("(é|e)+", "éeé"), ("((a)(b))", "abab"), ("(a)(?:b)(c)", "abcabc"), ("(?i)(k)", "Kk\u212a"),
    ("(a*)b(c*)", "bbb"), ("([a-c]*)(x)?", "abcabc"), ("(a|b)*?c", "ababc"), ("(\\w+)@(\\w+)\\.com", "x a@b.com y c@d.com"),
    ("(a+)(b+)?", "aab aa"), ("(.*)(\\d+)", "abc123"), ("(.*?)(\\d+)", "abc123"), ("(?s)(.+)", "a\nb"),
    ("(.+)", "a\nb"), ("(a|ab|abc)", "abcd"), ("(abc|ab|a)", "abcd"), ("(a{2,3})", "aaaaaaa"), ("(a{2,3}?)", "aaaaaaa"),
    ("x*", "xax"), ("", "日本"), ("a|", "bab"), ("|a", "bab"), ("\\b", "a b"), ("\\B", "ab"), ("$", "ab"), ("^", "ab"),
    ("(?m)^", "a\nb"), ("(?m)$", "a\nb"), ("a*?", "aa"), ("[^,]*", "a,b,,c"),
]
FIND_N = [("a", "aaaa", 0), ("a", "aaaa", 2), ("a", "aaaa", -1), ("a", "aaaa", -5), ("a*", "baaab", -1),
          ("", "héllo", -1), ("\\w+", "one two three", 2), ("[0-9]+", "a1b22c333", -1), ("x*", "", -1),
          ("(?i)é", "ÉéE", -1), ("\\d", "١٢3", -1), ("..", "日本語", -1), ("a|b", "abba", 3)]
SPLIT = [("a", "banana"), (",\\s*", "a, b,c"), ("x*", "abc"), ("", "abc"), ("a*", "baaac"), ("a", ""), ("", ""),
         ("a*", ""), ("a", "a"), ("[,;]+", "a,b;;c,d"), ("\\s+", "  lead and trail  "), ("é", "aébéc"),
         ("(,)", "a,b"), ("$", "ab"), ("^", "ab"), ("\\b", "ab cd"), ("", "日本")]
REPLACE = [("abc", "b", "-"), ("abc", "x*", "-"), ("héllo", "x*", "-"), ("aaa", "^a", "b"), ("abab", "\\bb", "X"),
           ("héllo wörld", "(\\w+)", "<$1>"), ("abc", "(?P<x>b)", "${x}${x}$x"), ("abc", "b", "$é"),
           ("abc", "(b)", "$01"), ("abc", "(b)", "${01}"), ("abc", "(b)", "$1$"), ("abc", "(b)", "${}"),
           ("abc", "(b)", "[$1x]"), ("abc", "(b)", "[$$]"), ("abc", "(b)", "[${1]"), ("abc", "(b)", "[$2]"),
           ("abc", "(b)", "$0$0"), ("a-b_c", "[-_]", "."), ("aaa", "a*", "X"), ("baaac", "a*", "X"),
           ("Jane Doe", "(?P<first>\\w+) (?P<last>\\w+)", "${last}, ${first}"), ("abc", "", "-"),
           ("a\nb", "(?m)^", "> "), ("x", "(a)|x", "[$1]"), ("日本語", ".", "$0 "), ("abc", "(?i)B", "$"),
           ("b", "(?P<x>a)|(?P<x>b)", "[${x}]"), ("ab", "(?P<x>a)(?P<x>b)", "[$x]"), ("a", "(?P<x>a)|(?P<x>b)", "[$x]"),
           ("tel: 555-1234", "(\\d{3})-(\\d{4})", "$2-$1"), ("abc", "(b)", "$1_x"), ("abc", "(b)", "$name")]
TEMPLATE = [("urn:foo:{.*}", "urn:foo:bar:baz", "{", "}"), ("urn:foo:{.*}", "urn:foo:bar:baz", "{{", "}"),
            ("urn:foo:{.*", "urn:foo:bar:baz", "{", "}"), ("urn:foo:{[}", "urn:foo:bar:baz", "{", "}"),
            ("urn:foo:.*", "urn:foo:bar:baz", "{", "}"), ("urn:foo:.*", "urn:foo:bar:baz", "é", "}"),
            ("urn:{a{b}c}:x", "urn:abc:x", "{", "}"), ("urn:<a+>:x", "urn:aaa:x", "<", ">"),
            ("urn:<a+>:x:<b>", "urn:aaa:x:b", "<", ">"), ("urn:<a+>:x:<b>", "urn:aaa:x:bb", "<", ">"),
            ("urn:<(a+)>:x", "urn:aaa:x", "<", ">"), ("a.b", "axb", "<", ">"), ("a.b<.>", "a.bx", "<", ">"),
            ("x}y", "x}y", "{", "}"), ("<[0-9]{2,10}>", "123", "<", ">"), ("a", "a", "<", "é")]
INVALID = ["(", ")", "a)", "(a", "(?", "(?i", "(?z)", "(?-)", "(?i-)", "(?--i)", "(?P<>a)", "(?P<a-b>x)", "(?P=n)",
           "(?<=a)b", "(?<!a)b", "(?=a)", "(?!a)", "(?#c)", "*", "+a", "?", "a**", "a*+", "a??*", "x{2}{3}",
           "a{1001}", "a{2,1}", "a{1000,1001}", "([a-z]{1,64}){1,64}", "(a{10}){101}", "((a{10}){10}){11}",
           "[", "[a", "[a-", "[z-a]", "[[:foo:]]", "[[:alpha:]", "\\", "a\\", "\\1", "\\8", "\\Z", "\\C", "\\q", "\\é",
           "\\x", "\\xZ", "\\x{", "\\x{}", "\\x{110000}", "\\x{zz}", "\\p", "\\p{", "\\p{Foo}", "\\pZ{", "\\p{Old_Italic}",
           "\\P{Latn}", "[\\p{Foo}]", "[\\8]", "(?i)(?P<n>a)(?P<n>b)", "x|*", "(*)", "(|*)", "^*", "$+", "\\b*",
           "a{1000}", "(?:a{1000}){2}", "((((((((((a))))))))))", "\\pN{2}{3}"]
GLOB = [("*.github.com", [], "api.github.com"), ("*.github.com", None, "api.cdn.github.com"),
        ("*.github.com", ["."], "api.cdn.github.com"), ("**.github.com", ["."], "api.cdn.github.com"),
        ("*:github:com", [":"], "api:github:com"), ("a?c", [], "abc"), ("[a-c]x", [], "bx"), ("[!a-c]x", [], "bx"),
        ("{cat,dog}s", [], "dogs"), ("{a,b", [], "a"), ("a\\*", [], "a*"), ("*", [], ""), ("a.*", [], "a."),
        ("?", ["."], "."), ("{a.*,b}", [], "a.c.d"), ("[^a]", [], "b"), ("a**b", [], "a.x.b"), ("{a,{b,c}}", [], "c"),
        ("{}", [], ""), ("a]", [], "a]"), ("[", [], "a"), ("[]a]", [], "]"), ("[a-]", [], "a"), ("*", ["ab"], "x"),
        ("é*", [], "éa"), ("?", [], "é"), ("[é-ë]", [], "ê"), ("*/*", ["/"], "a/b"),
        ("*/*", ["/"], "a/b/c"), ("**/*", ["/"], "a/b/c"), ("a*b*c", [], "aXbYc"), ("*a*a*a*b", [], "a" * 30),
        ("{a,b}{c,d}", [], "bd"), ("\\{a\\}", [], "{a}"), ("[a-c]", [], "-"), ("[!]", [], "a"), ("a{b,c}d", ["."], "a.d"),
        ("?at", ["."], "cat"), ("*", ["."], "a.b"), ("**", ["."], "a.b"), ("a*", None, "a/b.c"), ("[]", [], "a")]


def tables():
    """(file stem, Swift name, topic, calls) of every generated table, calls as (name, args)."""
    out = [(stem, name, "regex.match: " + title, [("regex.match", [p, t]) for p in patterns for t in MATCH_TEXTS])
           for stem, name, title, patterns in MATCH_GROUPS]
    operations = []
    for p, t in SUBMATCH:
        operations.append(("regex.find_all_string_submatch_n", [p, t, -1]))
    for p, t, n in FIND_N:
        operations.append(("regex.find_n", [p, t, n]))
    for p, t in SPLIT:
        operations.append(("regex.split", [p, t]))
    for s, p, v in REPLACE:
        operations.append(("regex.replace", [s, p, v]))
    for args in TEMPLATE:
        operations.append(("regex.template_match", list(args)))
    for p, d, t in GLOB:
        operations.append(("glob.match", [p, d, t]))
    operations.append(("regex.find_n", ["a", "aaaa", 1.5]))
    operations.append(("regex.split", ["(", "a"]))
    operations.append(("regex.replace", ["a", "(", "b"]))
    operations.append(("regex.find_all_string_submatch_n", ["(", "a", 1]))
    out.append(("Operations", "operations", "submatches, find_n, split, replace, template_match, glob.match and bad arguments",
                operations))
    invalid = []
    for p in INVALID:
        invalid.append(("regex.match", [p, "a"]))
        invalid.append(("regex.is_valid", [p]))
    # Go's limits: nesting height 1000, program size estimate 3,355,443 (checked only
    # once nodes x repeat counts reach it), repeat counts and their products 1000.
    invalid.append(("regex.is_valid", ["(" * 999 + "a" + ")" * 999]))
    invalid.append(("regex.match", ["(" * 1001 + "a" + ")" * 1001, "a"]))
    invalid.append(("regex.is_valid", ["(?:" + "x" * 3400 + "){1000}"]))
    invalid.append(("regex.is_valid", ["(?:" + "[ab]" * 3300 + "){1000}"]))
    invalid.append(("regex.match", ["(?:" + "[ab]" * 3400 + "){1000}", "a"]))
    invalid.append(("regex.match", ["(?:(?:" + "[ab]" * 3400 + ")){1000}", "a"]))
    invalid.append(("regex.match", ["a{1000}b{1000}c{1000}d{1000}", "a"]))
    out.append(("Invalid", "invalid", "invalid patterns and Go's size limits", invalid))
    return out


def outcome(answer):
    """(expected JSON text or None, error kind or None, error message or None)."""
    if answer.get("ok"):
        results = answer["results"]
        return (json.dumps(results[0]["x"], ensure_ascii=False) if results else None, None, None)
    e = answer.get("error") or {}
    message = e.get("message", "")
    # The bridge prefixes `<call>: <code>: `; the builtin's own message follows the last code.
    for code in ("eval_builtin_error: ", "eval_type_error: "):
        if code in message:
            message = message.rsplit(code, 1)[1]
    kind = {"eval_builtin_error": "builtin", "eval_type_error": "type"}.get(e.get("code"), e.get("code"))
    return (None, kind, message)


def swift_row(name, args, answer):
    value, kind, message = outcome(answer)
    args_json = json.dumps(args, ensure_ascii=False)
    if kind:
        return "        .init(%s, %s, error: .%s, %s)," % (swift_string(name), swift_string(args_json), kind, swift_string(message))
    return "        .init(%s, %s, %s)," % (swift_string(name), swift_string(args_json),
                                         swift_string(value) if value is not None else "nil")


HEADER = """// %s: %s.
// Calls and the answers the real OPA engine gave for them (OPA's Go `rego` package through
// ../shared/conformance/reference_runner.py, strict builtin errors). Generated by
// scripts/gen_regex_opa_table.py; do not edit: add calls there and regenerate.
// Arguments and results are JSON; a nil result means undefined.

"""


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    groups = tables()
    calls = [c for _, _, _, cs in groups for c in cs]
    answers = ask(REFERENCE, calls)
    remaining = iter(answers)
    os.makedirs(OUT, exist_ok=True)
    written = []
    for stem, name, title, cs in groups:
        type_name = "Regex%sOPATable" % (("Match" + stem) if name.startswith("match") else stem)
        rows = [swift_row(n, args, next(remaining)) for n, args in cs]
        write(os.path.join(OUT, type_name + ".swift"),
              HEADER % (type_name, title) + "extension RegexOPATableTests {\n    static let %s: [OPACall] = [\n" % name
              + "\n".join(rows) + "\n    ]\n}\n")
        written.append(type_name + ".swift")
        print("%s: %d calls" % (type_name, len(rows)))
    write(os.path.join(OUT, "RegexOPATable.swift"),
          "// RegexOPATable: every call of the regex and glob tables of this folder, generated with\n"
          "// them by scripts/gen_regex_opa_table.py; do not edit.\n\n"
          "extension RegexOPATableTests {\n    static let table: [OPACall] = [\n"
          + "".join("        %s,\n" % name for _, name, _, _ in groups) + "    ].flatMap { $0 }\n}\n")
    written.append("RegexOPATable.swift")
    # A table dropped from the list above must not live on as a stale file.
    for stale in sorted(set(os.listdir(OUT)) - set(written)):
        if stale.endswith("OPATable.swift"):
            os.remove(os.path.join(OUT, stale))
            print("removed stale %s" % stale)
    print("%d calls written to %s" % (len(calls), os.path.relpath(OUT, ROOT)))
    if "--compare" in sys.argv:
        ours = ask(OURS, calls)
        bad = 0
        for (name, args), a, b in zip(calls, answers, ours):
            if outcome(a) != outcome(b):
                bad += 1
                print("DIFF %s(%s)\n  opa : %s\n  ours: %s" % (name, json.dumps(args, ensure_ascii=False), outcome(a), outcome(b)))
        print("%d of %d differ" % (bad, len(calls)))


main()
