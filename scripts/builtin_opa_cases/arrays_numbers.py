"""array.flatten, numbers.range_step and glob.quote_meta: nesting, directions, steps that
miss or hit the end, big integers, wrong types."""
from _cases import call, query

TYPE_NAME, TITLE, TABLE = "ArrayNumberGlob", "array.flatten, numbers.range_step and glob.quote_meta", "arrayNumberGlob"


def cases():
    out = []
    for a in [[1, 10, 2], [10, 1, 2], [1, 10, 3], [1, 1, 1], [1, 10, 0], [1, 10, -1], [1, 10, 1.5], [1.5, 10, 1], [1, 10.5, 1],
              [0, 10, 20], [-5, 5, 5], [5, -5, 5], [1, "a", 1], ["1", 2, 1], [1, 2, None],
              [12345678901234567890, 12345678901234567900, 3], [-9223372036854775808, -9223372036854775800, 3],
              [9223372036854775800, 9223372036854775807, 2], [0, 100, 10**30], [1.0, 3.0, 1.0], [10, 0, 3]]:
        out.append(call("numbers.range_step", *a))
    for a in [[], [1, [2, [3, [4]]]], [[], [[]]], [1, {"a": [1]}, "s"], "x", [[1, 2], [3]], [None, [None]], {"a": 1}]:
        out.append(call("array.flatten", a))
    out.append(query("x := array.flatten([{1, 2}, [3]])"))
    for s in ["*.github.com", "a?b[c]{d}\\e", "plain", "", 1, "é*", "!-,", "**", "\\\\", "[!a-z]"]:
        out.append(call("glob.quote_meta", s))
    out.append(query('x := glob.match(glob.quote_meta("a*[b]?{c}\\\\"), [], "a*[b]?{c}\\\\")'))
    return out
