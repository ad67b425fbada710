#!/usr/bin/env python3
"""Checks `agentspec generate-policy` against the real OPA engine.

For every manifest in Tests/AgentSpecTests/Fixtures/reference-manifests/ and examples/ that
validates, generate the bundle (policy.rego + data.json), load it into OPA (through
../shared/conformance/reference_runner.py, one long-lived process speaking
rego-conformance/1), and check that
  * the bundle compiles and `allow` is defined,
  * the deny set OPA computes equals the one this script's own reading of the
    sidecar contract predicts, on a fixed set of inputs plus seeded random ones,
  * data.json places the values under the agent's package only, and every agent's
    bundle (one per package) loaded together into one OPA still decides as it does
    alone: two agents' bundles do not collide.
The expected-deny model below is the independent oracle; a later differential test
puts our VM beside OPA on the same inputs.

Usage: scripts/check_generated_policies.py [--bin .build/debug/agentspec] [--random N] [--seed S]
Exit 0 when every check passes, 1 otherwise. Standard library only.
"""
import argparse
import glob
import json
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "scripts"))
import contract_inputs  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
RUNNER = os.path.join(SHARED, "conformance", "reference_runner.py")


def manifests():
    found = sorted(glob.glob(os.path.join(ROOT, "Tests", "AgentSpecTests", "Fixtures", "reference-manifests", "*.yaml")))
    found += sorted(glob.glob(os.path.join(ROOT, "examples", "**", "*.yaml"), recursive=True))
    return found


class OPA:
    """One reference_runner process; each request is evaluated by a fresh engine."""

    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, RUNNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1)
        self.n = 0

    def query(self, rego, data, inp, query):
        """`rego` is one module's text, or a list of (name, text)."""
        self.n += 1
        modules = [("policy.rego", rego)] if isinstance(rego, str) else rego
        req = {"protocol": "rego-conformance/1", "id": str(self.n),
               "modules": [{"name": n, "source": s} for n, s in modules], "data": data,
               "query": query, "strict_builtin_errors": True}
        if inp is not None:
            req["input"] = inp
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def expected_deny(rules, data, inp):
    """The deny set the sidecar contract implies for each generated rule id."""
    llm = inp.get("request_type") == "llm_call"
    out = set()
    for rule in rules:
        if rule.endswith("_not_invoked"):
            gtype = rule[: -len("_not_invoked")].replace("_", "-")
            if llm and gtype not in inp.get("guardrails_invoked", []):
                out.add(rule)
        elif rule == "toxicity_threshold_exceeded":
            if llm and "toxicity_score" in inp and inp["toxicity_score"] >= data["toxicityThreshold"]:
                out.add(rule)
        elif rule == "hallucination_threshold_exceeded":
            if llm and "hallucination_score" in inp and inp["hallucination_score"] >= data["hallucinationThreshold"]:
                out.add(rule)
        elif rule == "monthly_cost_limit_exceeded":
            if llm and "cost_today_usd" in inp and inp["cost_today_usd"] * 30 > data["maxMonthlyUSD"]:
                out.add(rule)
        elif rule == "memory_ttl_mismatch":
            mw = inp.get("memory_write", {})
            if "ttl_seconds" in mw and mw["ttl_seconds"] != data["shortTermTtlSeconds"]:
                out.add(rule)
        elif rule == "memory_pii_not_scrubbed":
            if inp.get("memory_write", {}).get("pii_scrubbed") is False:
                out.add(rule)
        elif rule == "destructive_tool_without_confirmation":
            called = inp.get("tools_called", [])
            if any(t in data["destructiveTools"] for t in called) and not inp.get("user_confirmed", False):
                out.add(rule)
        else:
            raise SystemExit(f"no oracle for rule {rule}")
    return out


GUARDRAILS = ["topic-filter", "pii-detector", "prompt-injection", "custom"]


def fixed_inputs(data):
    tools = data.get("destructiveTools", []) + ["harmless-tool"]
    base = {"agent_name": "a", "request_type": "llm_call", "model_id": "p/m", "guardrails_declared": [],
            "guardrails_invoked": [], "tools_registered": tools, "tools_called": []}
    everything = dict(base, guardrails_invoked=list(GUARDRAILS), user_confirmed=True, toxicity_score=0.1,
                      hallucination_score=0.1, cost_today_usd=0.5,
                      memory_write={"ttl_seconds": data.get("shortTermTtlSeconds", 0), "pii_scrubbed": True})
    return [
        base,
        everything,
        dict(everything, toxicity_score=0.99, hallucination_score=0.99, cost_today_usd=1000),
        dict(everything, tools_called=tools, user_confirmed=False),
        dict(base, tools_called=tools),
        dict(base, request_type="tool_call", memory_write={"ttl_seconds": 1, "pii_scrubbed": False}),
    ]


def random_input(rng, data):
    tools = data.get("destructiveTools", []) + ["search", "log"]
    inp = {"agent_name": "a", "request_type": rng.choice(["llm_call", "llm_call", "tool_call"]), "model_id": "p/m",
           "guardrails_declared": [], "guardrails_invoked": [g for g in GUARDRAILS if rng.random() < 0.6],
           "tools_registered": tools, "tools_called": [t for t in tools if rng.random() < 0.3]}
    if rng.random() < 0.5:
        inp["user_confirmed"] = rng.random() < 0.5
    for key in ("toxicity_score", "hallucination_score"):
        if rng.random() < 0.6:
            inp[key] = round(rng.random(), 2)
    if rng.random() < 0.6:
        inp["cost_today_usd"] = round(rng.random() * 15, 2)
    if rng.random() < 0.5:
        inp["memory_write"] = {"ttl_seconds": rng.choice([data.get("shortTermTtlSeconds", 60), 60, 86400]),
                               "pii_scrubbed": rng.random() < 0.5}
    return inp


def merged(documents):
    """The documents merged key by key, as OPA merges data files; a key set twice is an error."""
    out = {}
    for doc in documents:
        for key, value in doc.items():
            if key in out:
                if not (isinstance(out[key], dict) and isinstance(value, dict)):
                    raise SystemExit(f"two bundles set the same data key {key}")
                out[key] = merged([out[key], value])
            else:
                out[key] = value
    return out


def side_by_side(opa, bundles):
    """Every bundle's policy and data loaded into one OPA: each agent's deny set on the fixed
    inputs must equal what it is alone. Returns the number of failing bundles."""
    if len(bundles) < 2:
        print("FAIL  side by side: fewer than two agents' bundles to load together")
        return 1
    modules = [(f"{name}#policy.rego", rego) for name, _, rego, _, _ in bundles]
    data = merged([document for _, _, _, document, _ in bundles])
    failing = 0
    for name, meta, _, _, values in bundles:
        for inp in fixed_inputs(values):
            got = opa.query(modules, data, inp, f"x := {meta['query']}")
            want = expected_deny(meta["rules"], values, inp)
            if not got.get("ok") or len(got["results"]) != 1 or set(got["results"][0]["x"]) != want:
                print(f"FAIL  {name} beside {len(bundles) - 1} other bundles: input {json.dumps(inp)}\n      OPA {got}\n      expected {sorted(want)}")
                failing += 1
                break
    print(f"{'ok  ' if not failing else 'FAIL'}  {len(bundles)} agents' bundles in one OPA: each decides as it does alone")
    return failing


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build", "debug", "agentspec"))
    ap.add_argument("--random", type=int, default=40, help="random inputs per manifest")
    ap.add_argument("--seed", type=int, default=4)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    opa = OPA()
    failures = checked = decisions = 0
    bundles = {}  # package -> (name, meta, rego, document, values): one bundle per package
    for path in manifests():
        name = os.path.relpath(path, os.path.dirname(ROOT))
        with tempfile.TemporaryDirectory() as out:
            run = subprocess.run([args.bin, "generate-policy", path, "--out", out, "--json"], capture_output=True, text=True)
            if run.returncode != 0:
                print(f"skip  {name}: invalid manifest")
                continue
            meta = json.loads(run.stdout)
            rego = open(os.path.join(out, "policy.rego")).read()
            document = json.load(open(os.path.join(out, "data.json")))
            data = contract_inputs.agent_values(document)
        checked += 1
        pkg = meta["package"]
        bundles.setdefault(pkg, (name, meta, rego, document, data))
        allow = opa.query(rego, document, {}, f"x := data.{pkg}.allow")
        if not allow.get("ok") or allow.get("results") != [{"x": False}] and allow.get("results") != [{"x": True}]:
            print(f"FAIL  {name}: policy does not compile or allow is undefined: {allow}")
            failures += 1
            continue
        bad = 0
        inputs = fixed_inputs(data) + [random_input(rng, data) for _ in range(args.random)]
        for inp in inputs:
            got = opa.query(rego, document, inp, f"x := {meta['query']}")
            decisions += 1
            want = expected_deny(meta["rules"], data, inp)
            if not got.get("ok") or len(got["results"]) != 1 or set(got["results"][0]["x"]) != want:
                if bad < 3:
                    print(f"FAIL  {name}: input {json.dumps(inp)}\n      OPA {got}\n      expected {sorted(want)}")
                bad += 1
        if bad:
            failures += 1
        else:
            print(f"ok    {name}: {len(meta['rules'])} rules, {len(inputs)} inputs")
    failures += side_by_side(opa, list(bundles.values()))
    opa.close()
    print(f"{checked} bundles, {decisions} decisions, {failures} failing")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
