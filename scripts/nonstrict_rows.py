#!/usr/bin/env python3
"""Writes the rows of Tests/PolicyVMTests/VM/NonStrictBuiltinErrorTests.swift: each case's
answer from the real OPA engine with strict builtin errors off (scripts/nonstrict_engine.py)
and on (the shared reference_runner.py), in RegoHarness.run's form ("[rows as compact JSON,
sorted]" or "error:<code>"). Each module is `package test` + the case's rules, evaluated on
INPUT. Prints Swift to paste into the table.

Usage: scripts/nonstrict_rows.py > rows.swift
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNNER = os.path.join(os.path.dirname(ROOT), "shared", "conformance", "reference_runner.py")
INPUT = {"n": 0, "s": "a", "arr": [1, 0, 2], "f": 1.5, "neg": -1}
CASES = [
    ('r := 10 / input.n', 'x := data.test.r'),
    ('r := 10 % input.n', 'x := data.test.r'),
    ('r := input.f % 2', 'x := data.test.r'),
    ('r := to_number(input.s)', 'x := data.test.r'),
    ('r := count(input.n)', 'x := data.test.r'),
    ('r := input.s + 1', 'x := data.test.r'),
    ('r := -input.s', 'x := data.test.r'),
    ('r := numbers.range(1, input.f)', 'x := data.test.r'),
    ('r := substring(input.s, input.neg, 1)', 'x := data.test.r'),
    ('r := format_int(input.f, 7)', 'x := data.test.r'),
    ('r := upper(input.n)', 'x := data.test.r'),
    ('r if regex.match(concat("", ["(", input.s]), "a")', 'x := data.test.r'),
    ('r if glob.match(concat("", ["[", input.s]), [], "a")', 'x := data.test.r'),
    ('r := base64.decode("%%%")', 'x := data.test.r'),
    ('r := json.unmarshal(input.s)', 'x := data.test.r'),
    ('r := time.parse_duration_ns(input.s)', 'x := data.test.r'),
    ('r := units.parse(input.s)', 'x := data.test.r'),
    ('r if net.cidr_contains(input.s, "10.0.0.1")', 'x := data.test.r'),
    ('r := io.jwt.decode(input.s)', 'x := data.test.r'),
    ('r := semver.compare(input.s, "1.0.0")', 'x := data.test.r'),
    ('r := bits.lsh(1, input.neg)', 'x := data.test.r'),
    ('r := object.get(input.n, "a", 1)', 'x := data.test.r'),
    ('r := 1', 'x := 10 / input.n'),
    ('r := 1', 'y := 1; not 10 / input.n'),
    ('r if { not 10 / input.n > 1 }', 'x := data.test.r'),
    ('r := count([y | some v in input.arr; y := 10 / v])', 'x := data.test.r'),
    ('r if { every v in input.arr { 10 / v > 0 } }', 'x := data.test.r'),
    ('default r := 7\\nr := 10 / input.n', 'x := data.test.r'),
    ('r := 10 / input.n if { true } else := 3', 'x := data.test.r'),
    ('f(x) := 10 / x\\nr := [f(v) | some v in input.arr]', 'x := data.test.r'),
    ('s contains 10 / v if { some v in input.arr }', 'x := data.test.s'),
    ('o[k] := 10 / v if { some k, v in input.arr }', 'x := data.test.o'),
    ('r := 1 if 10 / input.n\\nr := 2', 'x := data.test.r'),
    ('r := x if { x := 10 / input.arr[_] }', 'x := data.test.r'),
    ('f(x) := 1\\nf(x) := 2 if { 10 / x }\\nr := f(input.n)', 'x := data.test.r'),
    ('q := 10 / input.n\\nr := y if { y := q with input.n as 1 }', 'x := data.test.r'),
    ('r if { print(10 / input.n) }', 'x := data.test.r'),
    ('a := 10 / input.n\\nb := a + 1\\nc := 3', 'x := data.test'),
    ('r[10 / input.n] := 1', 'x := data.test'),
]


def engine(env=None):
    return subprocess.Popen([sys.executable, RUNNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            bufsize=1, env=env)


def ask(proc, req):
    proc.stdin.write(json.dumps(req) + "\n")
    proc.stdin.flush()
    return json.loads(proc.stdout.readline())


def harness_form(answer):
    if not answer["ok"]:
        return "error:" + answer["error"]["code"]
    rows = sorted(json.dumps(r, separators=(",", ":"), sort_keys=True, ensure_ascii=False) for r in answer["results"])
    return "[" + ",".join(rows) + "]"


def main():
    home = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "nonstrict_engine.py")],
                          check=True, capture_output=True, text=True).stdout.strip()
    loose, strict = engine(dict(os.environ, OPA_BINDINGS_DIR=home)), engine()
    for rules, query in CASES:
        req = {"protocol": "rego-conformance/1", "id": "row", "data": {}, "input": INPUT, "query": query,
               "modules": [{"name": "m.rego", "source": "package test\n" + rules.replace("\\n", "\n")}]}
        off = harness_form(ask(loose, dict(req, strict_builtin_errors=False)))
        on = harness_form(ask(strict, dict(req, strict_builtin_errors=True)))
        text = lambda s: json.dumps(s, ensure_ascii=False)  # noqa: E731
        print(f"        Row({text(rules.replace(chr(92) + 'n', chr(10)))}, {text(query)},\n"
              f"            nonStrict: {text(off)}, strict: {text(on)}),")


if __name__ == "__main__":
    main()
