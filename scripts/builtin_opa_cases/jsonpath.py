"""json.filter, json.remove and json.patch: pointers and path arrays, escapes, prefixes,
arrays, sets, every patch op and its failures."""
from _cases import call, query

TYPE_NAME, TITLE, TABLE = "JSONPath", "json.filter, json.remove and json.patch", "jsonPath"

DOC = {"a": {"b": 1, "c": [10, 20, {"d": 30}], "e/f": 2, "g~h": 3}, "x": None, "y": [1, 2], "": 4}
PATHS = [[], ["a"], ["a/b"], ["/a/b"], ["a/c/1"], ["a/c/2/d"], ["a/c/5"], ["a/e~1f"], ["a/g~0h"], ["a/e/f"],
         [["a", "b"]], [["a", "c", 0]], [["a", "c", "0"]], [["y", 1]], ["a", "a/b"], ["a/b", "a"], ["x"], ["zz"],
         ["a/b/c"], ["/"], [""], ["//a"], ["y/-"], [["a"], "x"], [[]], ["a/c"], ["a/c/0", "a/c/2"]]


def cases():
    out = []
    for p in PATHS:
        out.append(call("json.filter", DOC, p))
        out.append(call("json.remove", DOC, p))
    for name in ["json.filter", "json.remove"]:
        out.append(call(name, [1], ["a"]))
        out.append(call(name, DOC, "a"))
        out.append(call(name, DOC, [1]))
        out.append(call(name, DOC, [["a", {"b": 1}]]))
        out.append(query('x := %s({"a": {"b": {1, 2}}, "c": {1: "one"}}, ["a/b", "c"])' % name))
        out.append(query('x := %s({"a": 1, "b": 2}, {"a"})' % name))
        out.append(query('x := %s({"a": {"b": {1, 2}}}, [["a", "b", 1]])' % name))
    patches = [
        [{"op": "add", "path": "/a/z", "value": 5}], [{"op": "add", "path": "/y/0", "value": 0}], [{"op": "add", "path": "/y/-", "value": 3}],
        [{"op": "add", "path": "/y/2", "value": 3}], [{"op": "add", "path": "/y/3", "value": 3}], [{"op": "add", "path": "/y/-1", "value": 3}],
        [{"op": "add", "path": "", "value": 1}], [{"op": "add", "path": "/", "value": 1}], [{"op": "add", "path": "/q/r", "value": 1}],
        [{"op": "add", "path": ["a", "z"], "value": 5}], [{"op": "add", "path": "/a/e~1f", "value": 9}],
        [{"op": "remove", "path": "/a/b"}], [{"op": "remove", "path": "/y/0"}], [{"op": "remove", "path": "/y/5"}],
        [{"op": "remove", "path": "/zz"}], [{"op": "remove", "path": ""}], [{"op": "remove", "path": "/a/b"}, {"op": "remove", "path": "/a/b"}],
        [{"op": "remove", "path": "/a"}, {"op": "add", "path": "/a/b", "value": 1}],
        [{"op": "replace", "path": "/a/b", "value": 7}], [{"op": "replace", "path": "/zz", "value": 7}], [{"op": "replace", "path": "", "value": 7}],
        [{"op": "replace", "path": "/y/1", "value": 7}], [{"op": "replace", "path": "/y/2", "value": 7}],
        [{"op": "move", "from": "/a/b", "path": "/moved"}], [{"op": "move", "from": "/a", "path": "/a/b"}],
        [{"op": "move", "from": "/zz", "path": "/q"}], [{"op": "move", "from": "/y/0", "path": "/y/1"}],
        [{"op": "copy", "from": "/a/c", "path": "/copied"}], [{"op": "copy", "from": "/zz", "path": "/q"}],
        [{"op": "copy", "from": "/y", "path": "/y/-"}],
        [{"op": "test", "path": "/a/b", "value": 1}], [{"op": "test", "path": "/a/b", "value": 2}], [{"op": "test", "path": "/zz", "value": 2}],
        [{"op": "test", "path": "/x", "value": None}], [{"op": "test", "path": "/a/b", "value": 1.0}],
        [{"op": "bogus", "path": "/a"}], [{"path": "/a"}], [{"op": "add"}], [{"op": "add", "path": "/a"}], [{"op": 1, "path": "/a"}],
        [{"op": "add", "path": 1, "value": 1}], [{"op": "move", "path": "/a"}], [{"op": "copy", "path": "/a", "from": 1}],
        [{"op": "test", "path": "/a"}], [1], [], [{"op": "add", "path": "/y/x", "value": 1}], [{"op": "add", "path": "/y/01", "value": 1}],
        [{"op": "add", "path": "/a/b/c", "value": 1}], [{"op": "remove", "path": "/x/y"}],
        [{"op": "add", "path": "/n", "value": {"deep": [1]}}, {"op": "add", "path": "/n/deep/-", "value": 2}, {"op": "test", "path": "/n/deep/1", "value": 2}],
    ]
    for p in patches:
        out.append(call("json.patch", DOC, p))
    for target, p in [(1, [{"op": "replace", "path": "", "value": 2}]), ([1, 2], [{"op": "remove", "path": "/0"}]),
                      ("s", [{"op": "add", "path": "/a", "value": 1}]), (None, [{"op": "test", "path": "", "value": None}]),
                      ({}, "x"), ({}, [{"op": "add", "path": "/a~2b", "value": 1}])]:
        out.append(call("json.patch", target, p))
    out.append(query('x := json.patch({"s": {1, 2}}, [{"op": "add", "path": "/s/3", "value": 3}])'))
    out.append(query('x := json.patch({"s": {1, 2}}, [{"op": "remove", "path": "/s/1"}])'))
    out.append(query('x := json.patch({"s": {1, 2}}, [{"op": "add", "path": ["s", 5], "value": 5}])'))
    out.append(query('x := json.patch({"s": {1, 2}}, [{"op": "remove", "path": ["s", 2]}])'))
    out.append(query('x := json.patch({"s": {"a"}}, [{"op": "test", "path": "/s/a", "value": "a"}])'))
    out.append(query('x := json.patch({1: "one"}, [{"op": "add", "path": "/1", "value": "uno"}])'))
    return out
