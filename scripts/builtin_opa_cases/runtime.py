"""trace (true for a string, a type error otherwise) and opa.runtime (the embedded
engine's empty object), alone and inside rules."""
from _cases import call, query

TYPE_NAME, TITLE, TABLE = "Runtime", "trace and opa.runtime", "runtime"


def cases():
    out = [call("trace", v) for v in ("hello", "", "\u00e9\n", 1, None, ["a"], {"a": 1})]
    out += [query("x := opa.runtime()"), query("x := opa.runtime().env"), query("x := count(opa.runtime())"),
            query('x := trace("a"); y := trace("b")'), query('x := trace(1)'), query("x := trace()"),
            query("x := opa.runtime(1)"),
            query("x := data.p.allow", module='package p\nallow if {\n\ttrace("checking")\n\tinput.a == 1\n}\n', input={"a": 1}),
            query("x := data.p.env", module="package p\nenv := opa.runtime().env\n"),
            query("x := data.p.r", module="package p\nr := object.get(opa.runtime(), \"version\", \"none\")\n")]
    return out
