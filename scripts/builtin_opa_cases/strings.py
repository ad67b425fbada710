"""strings.replace_n, strings.split_n, strings.count, indexof_n, any_prefix/suffix_match."""
from _cases import call, query

TYPE_NAME, TITLE, TABLE = "MultiString", "multi-string", "multiString"


def cases():
    out = []
    replace_n = [({}, "abc"), ({"a": "1"}, "banana"), ({"a": "1", "ab": "2"}, "abab"), ({"ab": "2", "a": "1"}, "abcab"),
                 ({"": "X"}, "ab"), ({"": "X"}, ""), ({"": "X", "a": "1"}, "bab"), ({"b": "", "a": "1"}, "bab"),
                 ({"aa": "b"}, "aaaaa"), ({"é": "e", "ü": "u"}, "héllo wüld"), ({"a": "b", "b": "a"}, "abba"),
                 ({"cat": "dog", "dog": "cat"}, "cat and dog"), ({"x": "yy"}, "xxx"), ({"1": "one", "10": "ten"}, "101")]
    for patterns, s in replace_n:
        out.append(call("strings.replace_n", patterns, s))
    out.append(call("strings.replace_n", {"a": 1}, "a"))
    out.append(call("strings.replace_n", {"a": "b"}, 1))
    out.append(query('x := strings.replace_n({1: "a"}, input)', input="1"))
    for s, d, n in [("a,b,c", ",", 2), ("a,b,c", ",", -1), ("a,b,c", ",", -2), ("a,b,c", ",", -5), ("a,b,c", ",", 0),
                    ("a,b,c", ",", 5), ("a,b,c", "", 2), ("abc", "", -1), ("a,b,c", ",", 1), ("", ",", 2), ("", "", 2),
                    ("a,,b", ",", 3), ("ééé", "é", 2), ("a,b,c", ",", 1.5), ("a,b", ",", 9223372036854775807)]:
        out.append(call("strings.split_n", s, d, n))
    for s, sub in [("cheese", "e"), ("five", ""), ("ééé", ""), ("aaaa", "aa"), ("", ""), ("", "a"), ("abc", "abcd"), ("ababab", "aba")]:
        out.append(call("strings.count", s, sub))
    for s, sub in [("aaaa", "aa"), ("hello", "l"), ("hello", "z"), ("héllo héllo", "é"), ("", "a"), ("abc", ""), ("ab", "abc")]:
        out.append(call("indexof_n", s, sub))
    for name, pairs in [("strings.any_prefix_match", [("abc", "a"), ("abc", "b"), (["x", "abc"], "ab"), ("abc", ["x", "ab"]),
                                                      ([], "a"), ("a", []), (["abc"], ""), ("", ""), ("é", "é"), (1, "a"), ("a", 1),
                                                      (["a", 1], "a")]),
                        ("strings.any_suffix_match", [("abc", "c"), ("abc", "b"), (["x", "abc"], "bc"), ("abc", ["x", "bc"]),
                                                      ([], "a"), ("héllo", "llo"), ("héllo", "éllo"), ("", ""), (1, "a")])]:
        for a, b in pairs:
            out.append(call(name, a, b))
    out.append(query('x := strings.any_prefix_match({"abc", "xyz"}, {"x", "q"})'))
    out.append(query('x := strings.any_suffix_match({"abc", "xyz"}, {"q"})'))
    # replace with an empty old string splits multi-byte characters, as Go's Replacer does
    out.append(call("replace", "éa", "", "X"))
    out.append(call("replace", "abc", "", "-"))
    return out
