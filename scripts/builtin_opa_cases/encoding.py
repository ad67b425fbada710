"""hex.*, base64url.*, base64.is_valid, urlquery.* and json.unmarshal's trailing text: round trips, Go's error texts."""
from _cases import call, query

TYPE_NAME, TITLE, TABLE = "URLQueryAndHex", "hex, base64url and urlquery", "urlQueryAndHex"

TEXTS = ["", "a", "ab", "abc", "abcd", "héllo wörld", "😀 emoji", "a+b=c&d/e?f", "~-._ !*'();:@&=+$,/?#[]", "\n\t\u0000"]


def cases():
    out = []
    for t in TEXTS:
        for name in ["hex.encode", "base64url.encode", "base64url.encode_no_pad", "urlquery.encode"]:
            out.append(call(name, t))
    for s in ["", "61", "6162", "616", "6g", "zz", "0x61", "ABCDEF", "abcdef", "6a6b6c", "é1", "61\n", " 61", "c3a9", "ff"]:
        out.append(call("hex.decode", s))
    for s in ["", "YQ", "YQ=", "YQ==", "YWI", "YWJj", "YW", "Y", "YWJjZA", "_-_-", "-_8", "++//", "aGVsbG8td29ybGQ", "aGVsbG8=", "aGV sbG8", "YQ=\n="]:
        out.append(call("base64url.decode", s))
    for s in ["", "YQ==", "YQ", "YWJj", "YW=j", "++//", "-_", "aGVsbG8=\n"]:
        out.append(call("base64.is_valid", s))
    out.append(call("base64.is_valid", 1))
    for s in ["", "a+b", "a%20b", "%zz", "%", "%4", "%41%42", "100%", "a%2", "%e9", "%C3%A9", "+%2B+", "%é1", "%\u00e9"]:
        out.append(call("urlquery.decode", s))
    objects = [{}, {"a": "1"}, {"b": ["2", "3"], "a": "1"}, {"key with space": "v&w", "é": "ü"}, {"a": []},
               {"z": "1", "A": "2", "a": "3", "_": "4"}, {"a": 1}, {"a": ["x", 1]}, {"a": None}, {"a": {"b": "c"}}]
    for o in objects:
        out.append(call("urlquery.encode_object", o))
    out.append(query('x := urlquery.encode_object({"a": {"b", "a", "c"}})'))
    out.append(query('x := urlquery.encode_object({1: "a"})'))
    for s in ["", "a=1", "a=1&b=2&a=3", "a", "a=", "=1", "&&a=1&&", "a=1;b=2", "a=%zz&b=1", "a=%zz&c=%yy",
              "k+1=v+2", "a=b=c", "%C3%A9=%C3%BC", "a=1&a", "a;b"]:
        out.append(call("urlquery.decode_object", s))
    # json.unmarshal after its first value: OPA reads one more token (Go's Decoder.Token)
    for t in ['{"a":1} x', '{"a":1} {', '1 2', '1 tru', '1 "abc', '1 "abc"', '1 ]', '1 ,', '1 }', '1 :', '[1] -', '1 nul', '1 -1',
              '1 t', '1 null', '1 true', '1 false', '1 1.5e3', '1 "a\\u0041"', '1 {"a":1}', '1 [', '1 tx', '1 -x', '1 "\\x"',
              '1 null 2', '1 nullx', '1 "a" "b"', '1 01', '1 1x', '1 "é"', '1 ""', '{} null', '1x', '{"a":1}}', '"a"b']:
        out.append(call("json.unmarshal", t))
    return out
