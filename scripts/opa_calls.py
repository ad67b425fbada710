"""Asks a runner of the conformance protocol (`rego-conformance/1`) for the values of
builtin calls, one `x := name(args…)` query each: the real OPA engine through
../shared/conformance/reference_runner.py, or our build's `policy conformance --batch`.
Shared by gen_regex_opa_table.py, gen_builtin_opa_tables.py and regex_differential.py,
with the Swift string literals the generated tables are written in."""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE = ["python3", os.path.join(ROOT, "..", "shared", "conformance", "reference_runner.py")]
OURS = [os.path.join(ROOT, ".build", "debug", "agentspec"), "policy", "conformance", "--batch"]


def run(command, requests):
    """The runner's answers (decoded response lines), one per request object, in order."""
    lines = [json.dumps(r, ensure_ascii=False) for r in requests]
    r = subprocess.run(command, input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=3600)
    # Lines end at "\n" only: str.splitlines would also split inside an answer that
    # carries U+2028 or U+2029 unescaped.
    answers = [json.loads(l) for l in r.stdout.split("\n") if l.strip()]
    if len(answers) != len(requests):
        sys.exit("runner answered %d of %d: %s" % (len(answers), len(requests), r.stderr[-2000:]))
    return answers


def ask(command, calls):
    """The runner's answer (a decoded response line) for each (name, args) call."""
    return run(command, [{"protocol": "rego-conformance/1", "id": str(i), "modules": [], "data": {},
                          "query": "x := %s(%s)" % (name, ", ".join(json.dumps(a, ensure_ascii=False) for a in args)),
                          "strict_builtin_errors": True} for i, (name, args) in enumerate(calls)])


def swift_string(s):
    """`s` as a Swift string literal (escapes for what a literal cannot hold as is)."""
    out = '"'
    for ch in s:
        if ch == "\\":
            out += "\\\\"
        elif ch == '"':
            out += '\\"'
        elif ch == "\n":
            out += "\\n"
        elif ch == "\r":
            out += "\\r"
        elif ch == "\t":
            out += "\\t"
        elif ord(ch) < 0x20 or ch in "\u2028\u2029\u007f" or 0xD800 <= ord(ch) <= 0xDFFF:
            out += "\\u{%x}" % ord(ch)
        else:
            out += ch
    return out + '"'
