"""Shapes of the queries in the builtin OPA tables (see gen_builtin_opa_tables.py)."""


def call(name, *args):
    """`x := name(input[0], …)` with the arguments as the input document."""
    return {"query": "x := %s(%s)" % (name, ", ".join("input[%d]" % i for i in range(len(args)))),
            "input": list(args)}


def query(text, input=None, module=None):
    """Any query (bindings of every variable are the result); `input` absent if None."""
    case = {"query": text}
    if input is not None:
        case["input"] = input
    if module is not None:
        case["module"] = module
    return case
