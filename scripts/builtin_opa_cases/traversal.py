"""graph.reachable, graph.reachable_paths and walk: cycles, missing vertices, sets, the relation."""
from _cases import call, query

TYPE_NAME, TITLE, TABLE = "Traversal", "graph and walk", "traversal"

GRAPHS = [{}, {"a": []}, {"a": ["b"], "b": ["c"], "c": []}, {"a": ["b"], "b": ["a"]}, {"a": ["b", "c"], "b": ["d"], "c": ["d"], "d": []},
          {"a": ["b"], "b": ["zz"]}, {"a": ["a"]}, {"a": ["b", "c"], "b": ["c"], "c": ["a"]}, {"a": "b"}, {"a": None},
          {"a": [1], "1": ["a"]}, {"a": ["b"], "b": [], "c": ["a"]}]


def cases():
    out = []
    for g in GRAPHS:
        for init in [["a"], [], ["zz"], ["a", "c"], ["b", "a"]]:
            out.append(call("graph.reachable", g, init))
            out.append(call("graph.reachable_paths", g, init))
    for name in ["graph.reachable", "graph.reachable_paths"]:
        out.append(call(name, [], ["a"]))
        out.append(call(name, {"a": []}, "a"))
        out.append(call(name, {"a": []}, {"a": 1}))
        out.append(query('x := %s({"a": {"b"}, "b": {"c", "d"}, "c": set(), "d": set()}, {"a"})' % name))
        out.append(query('x := %s({1: [2], 2: [3], 3: []}, [1])' % name))
        out.append(query('x := %s({[1]: [[2]], [2]: []}, {[1]})' % name))
    for v in [1, "s", None, [], {}, [1, [2, 3]], {"a": {"b": 1}, "c": [True]}, {"b": 1, "a": 2}, [[[]]]]:
        out.append(query("[p, v] := walk(input)", input=v))
        out.append(query("x := [[p, v] | walk(input, [p, v])]", input=v))
    out.append(query('[p, v] := walk({"s": {3, 1, 2}, 1: "one"})'))
    out.append(query('walk({"a": {"b": 1}}, [p, 1])'))
    out.append(query('walk({"a": {"b": 1}}, [["a", k], v])'))
    out.append(query('x := count([1 | walk({"a": [1, 2, {"b": 3}]}, _)])'))
    out.append(query('walk([1, 2], x)'))
    out.append(query('x := walk([1])'))
    return out
