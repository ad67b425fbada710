"""Asks a runner of the conformance protocol (`rego-conformance/1`) for the values of
builtin calls, one `x := name(args…)` query each: the real OPA engine through
../shared/conformance/reference_runner.py, or our build's `policy conformance --batch`.
Shared by gen_regex_opa_table.py and regex_differential.py."""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE = ["python3", os.path.join(ROOT, "..", "shared", "conformance", "reference_runner.py")]
OURS = [os.path.join(ROOT, ".build", "debug", "agentspec"), "policy", "conformance", "--batch"]


def ask(command, calls):
    """The runner's answer (a decoded response line) for each (name, args) call."""
    lines = [json.dumps({"protocol": "rego-conformance/1", "id": str(i), "modules": [], "data": {},
                         "query": "x := %s(%s)" % (name, ", ".join(json.dumps(a, ensure_ascii=False) for a in args)),
                         "strict_builtin_errors": True}) for i, (name, args) in enumerate(calls)]
    r = subprocess.run(command, input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=1800)
    answers = [json.loads(l) for l in r.stdout.splitlines() if l.strip()]
    if len(answers) != len(calls):
        sys.exit("runner answered %d of %d: %s" % (len(answers), len(calls), r.stderr[-2000:]))
    return answers
