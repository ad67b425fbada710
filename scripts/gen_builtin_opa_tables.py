#!/usr/bin/env python3
"""Writes Tests/PolicyVMTests/Builtins/OPATables/<Family>OPATable.swift: queries that call
the builtins of one family, with the answers the real OPA engine gave for them
(../shared/conformance/reference_runner.py: OPA's Go `rego` package, strict builtin
errors), so the Swift tests hold our engine to OPA's results without needing OPA when
they run. The families' queries live in scripts/builtin_opa_cases/<family>.py: `cases()`
for one table, or `tables()` for a family large enough to split by topic (one file per
table, each under 500 lines, and <Family>OPATable.swift joining them under the family's
table name).

A call `call("crypto.sha256", "abc")` becomes the query `x := crypto.sha256(input[0])`
with the arguments as the input document: the arguments reach the builtin at run time,
so a wrong type is OPA's eval_type_error, not the type checker's compile-time error.
`query(text, input=..., module=...)` is any query, for what JSON cannot carry (sets),
relations (walk) and per-evaluation caches (rand.intn, uuid.rfc4122).

  python3 scripts/gen_builtin_opa_tables.py                  # regenerate every family
  python3 scripts/gen_builtin_opa_tables.py crypto net       # only these
  python3 scripts/gen_builtin_opa_tables.py --compare crypto # also show where we differ
"""
import importlib
import json
import os
import sys
import textwrap

from opa_calls import OURS, REFERENCE, run, swift_string

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "Tests", "PolicyVMTests", "Builtins", "OPATables")
CASES = os.path.join(HERE, "builtin_opa_cases")


def request(i, case):
    r = {"protocol": "rego-conformance/1", "id": str(i), "data": {}, "query": case["query"],
         "strict_builtin_errors": True,
         "modules": [{"name": "mod0.rego", "source": case["module"]}] if case.get("module") else []}
    if "input" in case:
        r["input"] = case["input"]
    return r


def ask(command, cases):
    return run(command, [request(i, c) for i, c in enumerate(cases)])


def outcome(answer):
    """("result", canonical JSON of the rows) or ("error", code, builtin message)."""
    if answer.get("ok"):
        rows = sorted(json.dumps(row, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
                      for row in answer["results"])
        return ("result", "[" + ",".join(rows) + "]")
    e = answer.get("error") or {}
    code, message = e.get("code", ""), e.get("message", "")
    # Both engines prefix a location or the call (`query:1:6: `, `crypto.sha256(input[0]): `)
    # before `<code>: `; the builtin's own message follows the last code.
    if code + ": " in message:
        message = message.rsplit(code + ": ", 1)[1]
    # Compile errors (OPA's type checker) are compared by code and first line; builtin
    # errors by their whole text.
    return ("error", code, message if code.startswith("eval_") else message.split("\n", 1)[0])


def swift_row(case, answer):
    parts = [swift_string(case["query"])]
    if "input" in case:
        parts.append("input: " + swift_string(json.dumps(case["input"], ensure_ascii=False)))
    if case.get("module"):
        parts.append("module: " + swift_string(case["module"]))
    o = outcome(answer)
    if o[0] == "result":
        parts.append("result: " + swift_string(o[1]))
    else:
        parts.append("error: " + swift_string(o[1]))
        parts.append(swift_string(o[2]))
    return "        .init(" + ", ".join(parts) + "),"


def family_names():
    return sorted(f[:-3] for f in os.listdir(CASES) if f.endswith(".py") and not f.startswith("_"))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    compare = "--compare" in sys.argv
    sys.path.insert(0, CASES)
    os.makedirs(OUT, exist_ok=True)
    for family in args or family_names():
        module = importlib.import_module(family)
        # A large family splits into several tables (`tables()`), one file each, joined
        # under the family's name by an index file; a small one is one table (`cases()`).
        parts = module.tables() if hasattr(module, "tables") else [(module.TYPE_NAME, module.TITLE, module.TABLE, module.cases())]
        for type_name, title, table, cases in parts:
            write_table(family, type_name, title, table, cases, compare)
        if hasattr(module, "tables"):
            path = os.path.join(OUT, module.TYPE_NAME + "OPATable.swift")
            with open(path, "w", encoding="utf-8") as f:
                text = ("%sOPATable: every query of the %s tables (%s), generated with them by "
                        "scripts/gen_builtin_opa_tables.py from scripts/builtin_opa_cases/%s.py; do not edit."
                        % (module.TYPE_NAME, module.TITLE, ", ".join(t + "OPATable" for t, _, _, _ in parts), family))
                f.write("".join("// " + line + "\n" for line in textwrap.wrap(text, 88, break_on_hyphens=False)) + "\n")
                f.write("extension OPATables {\n    static let %s: [OPAQueryCase] = [\n" % module.TABLE)
                f.write("".join("        %s,\n" % table for _, _, table, _ in parts) + "    ].flatMap { $0 }\n}\n")
            print("%s: index written to %s" % (family, os.path.relpath(path, ROOT)))


def header(type_name, title, family):
    """The generated file's header comment; `title` names the family (`crypto`) or, for a
    table of a split family, says what the table covers."""
    if " " not in title:
        return ("// %sOPATable: queries calling the %s builtins and the answers the real\n" % (type_name, title)
                + "// OPA engine (v1.20.2, through ../shared/conformance/reference_runner.py, strict builtin\n"
                + "// errors) gave for them. Generated by scripts/gen_builtin_opa_tables.py from\n"
                + "// scripts/builtin_opa_cases/%s.py; do not edit: add queries there and regenerate.\n\n" % family)
    text = ("%sOPATable: %s — queries and the answers the real OPA engine (v1.20.2, through "
            "../shared/conformance/reference_runner.py, strict builtin errors) gave for them. Generated by "
            "scripts/gen_builtin_opa_tables.py from scripts/builtin_opa_cases/%s.py; do not edit: add queries "
            "there and regenerate." % (type_name, title, family))
    return "".join("// " + line + "\n" for line in textwrap.wrap(text, 88, break_on_hyphens=False)) + "\n"


def write_table(family, type_name, title, table, cases, compare):
    answers = ask(REFERENCE, cases)
    # Where OPA panics (a Go runtime error, not an answer) there is nothing to hold
    # our engine to: such queries are left out of the table and listed here.
    kept = [(c, a) for c, a in zip(cases, answers) if (a.get("error") or {}).get("code") != "panic"]
    for c, a in zip(cases, answers):
        if (a.get("error") or {}).get("code") == "panic":
            print("%s: left out, OPA panics (%s): %s %s" % (family, a["error"]["message"], c["query"],
                                                             json.dumps(c.get("input"), ensure_ascii=False)[:200]))
    cases, answers = [c for c, _ in kept], [a for _, a in kept]
    path = os.path.join(OUT, type_name + "OPATable.swift")
    with open(path, "w", encoding="utf-8") as f:
        f.write(header(type_name, title, family))
        f.write("extension OPATables {\n    static let %s: [OPAQueryCase] = [\n" % table)
        f.write("\n".join(swift_row(c, a) for c, a in zip(cases, answers)) + "\n    ]\n}\n")
    print("%s: %d queries written to %s" % (family, len(cases), os.path.relpath(path, ROOT)))
    if compare:
        ours = ask(OURS, cases)
        bad = 0
        for c, a, b in zip(cases, answers, ours):
            if outcome(a) != outcome(b):
                bad += 1
                print("DIFF %s  input=%s\n  opa : %s\n  ours: %s" % (
                    c["query"], json.dumps(c.get("input"), ensure_ascii=False)[:300], outcome(a), outcome(b)))
        print("%s: %d of %d differ" % (family, bad, len(cases)))


if __name__ == "__main__":
    main()
