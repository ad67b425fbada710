"""json.marshal_with_options: pretty, indent and prefix alone and together (pretty false
wins, indent or prefix alone turn pretty on), empty and nested objects and arrays, sets,
strings needing escapes (inside pretty output too, and in json.marshal), every option error in key order."""
from _cases import call, query

TYPE_NAME, TITLE, TABLE = "JSONOptions", "json.marshal_with_options", "jsonOptions"


def cases():
    name = "json.marshal_with_options"
    values = [{"a": [1, {"b": 2}], "c": {}, "d": []}, [], {}, [[]], [{}], 1, "s", None, True, 1.50,
              {"k:": "v,{[", "e": "\"\\\n\t<&>\u2028", "n": {"m": {"o": [None, False, 12345678901234567890]}}},
              ["x", ["y", ["z"]]], {"": ""}]
    options = [{}, {"pretty": True}, {"pretty": False}, {"indent": "\t"}, {"indent": "  "}, {"indent": ""}, {"indent": "x"},
               {"prefix": "--"}, {"prefix": "--", "pretty": False}, {"indent": "", "pretty": True},
               {"pretty": True, "indent": "  ", "prefix": "> "}, {"prefix": "p"}, {"indent": " ", "pretty": False},
               {"prefix": "\"{", "indent": ",:"}, {"prefix": "\u00e9", "indent": "\u2028"}]
    out = [call(name, v, o) for v in values for o in options]
    out += [call(name, {"a": 1}, o) for o in ({"foo": 1}, {"indent": 1}, {"pretty": 1}, {"prefix": 1}, {"pretty": "yes"},
                                              {"indent": None}, {"prefix": ["a"]}, {"indent": "  ", "foo": 1},
                                              {"pretty": 1, "foo": 1}, {"indent": 1, "prefix": 2}, {"a": 1, "z": 1})]
    out += [call(name, {"a": 1}, 1), call(name, {"a": 1}, "x"), call(name, {"a": 1}, None)]
    out += [query('x := json.marshal_with_options({"a": {1, 2}, "b": {"c"}}, {"pretty": true, "indent": "  ", "prefix": "> "})'),
            query('x := json.marshal_with_options({1: "a", [2]: "b"}, {"pretty": true})'),
            query('x := json.marshal_with_options({"a": 1}, {1: true})'),
            query('x := json.marshal_with_options({"a": 1}, {"indent": 1})'),
            query('x := json.marshal_with_options({"a": 1}, {"pretty": 1})'),
            query('x := json.marshal_with_options({"a": 1}, 1)')]
    # json.marshal writes the same compact text, U+2028 and U+2029 escaped as Go does.
    out += [call("json.marshal", v) for v in ("a\u2028b\u2029c", ["\u2028"], {"\u2029": "\u00e2\u0080"})]
    return out
