#!/usr/bin/env python3
"""Differential testing: the embedded VM against the real OPA engine, on the same
requests, failing on the first disagreement (printing the seed, policy, input and
both answers).

Both engines speak rego-conformance/1 on a line protocol: the VM as
`agentspec policy conformance --batch`, OPA as ../shared/conformance/reference_runner.py
(OPA's Go `rego` package; strict builtin errors, which the VM is asked for too), and for
the requests sent without strict builtin errors, the same runner on the same engine with
that option off (scripts/nonstrict_engine.py: the shared bridge always sets it).

  1. Contract decisions. For every manifest in examples/ and
     Tests/AgentSpecTests/Fixtures/reference-manifests/ that validates, `agentspec generate-policy`
     writes the per-agent bundle. Seeded random but plausible sidecar inputs (the fields of
     the sidecar contract, values around each threshold) are decided by
       - the generated policy, and
       - the shipped library policies/,
     both with the generated data.json at the root of data (it places the agent's values at
     data.agentspec.agent.<name>; inputs name the agent in agent_name, as the sidecar does),
     many inputs per request (`{i: … | some i, inp in input.batch; … with input as inp}`),
     plus some one input per request (as the sidecar asks: strict builtin errors off). The library must also agree with the generated
     policy: the same ids, apart from the library-only undeclared_tool_called.
  2. The library's unit tests (policies/**/*_test.rego) must pass in OPA as well.
  3. Random policies from scripts/regogen.py (a grammar over the supported subset),
     each evaluated on a few random inputs and compared on full result sets; the
     generator's features (regogen.FEATURES) add shapes and queries of their own, and
     disagreements are counted per feature the policy used. Some are compared with
     strict builtin errors off (regogen.NON_STRICT_SHARE; half of those using the
     builtin_errors feature, whose expressions raise builtin errors on some inputs).
  4. Random policies from scripts/treegen.py (typed expression trees over the whole
     language, several modules, every head form), each with its queries; the
     disagreements are counted per feature the policy used and per answer pair, and the
     programs by whether each engine takes them (a program OPA compiles and the VM
     refuses, or the reverse, is a disagreement of its own line). A quarter of them
     (TREE_NON_STRICT_SHARE, drawn from a stream of their own) are compared with strict
     builtin errors off.
  5. Type-error mutations (regogen.type_error_policy): a random policy with one rule
     that OPA's type checker may reject (bad builtin arguments, missing keys of
     literals, wrong arity, user functions called with wrong types) or accept; the
     verdicts (error code or results) must agree. Counted per mutation kind.
  6. `agentspec policy eval` end to end (scripts/evalcheck.py): random policies with their
     data in JSON and YAML files and bundles `policy build` writes, printed output
     compared byte for byte with what `opa eval --format json` prints (both without strict
     builtin errors, their default); OPA must read the built bundles to the same answers.
  7. Mutants of OPA's own conformance cases (scripts/mutagen.py, scripts/differential_mutants.py):
     ../shared/conformance/dev.jsonl's programs with constants, operators, builtins, rules,
     body expressions, data and input mutated or spliced from another case, each on its
     case's query; results and error codes must agree (messages are counted, and compared
     with --mutant-messages). Counted per mutation kind; NON_STRICT_SHARE of them non-strict.

Usage: scripts/differential.py [--bin .build/debug/agentspec] [--seed S] [--inputs N]
                               [--policies N] [--regogen-feature NAME] [--tree-policies N] [--features]
                               [--mutations N] [--eval-policies N] [--mutants N] [--mutant-kind KIND]
                               [--mutant-messages] [--only PART] [--keep-going]
To count what one regogen feature finds: --only random --regogen-feature NAME --keep-going.
Exit 0 when every answer agrees, 1 on a disagreement, 2 when OPA cannot run.
Standard library only.
"""
import argparse
import decimal
import glob
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
RUNNER = os.path.join(SHARED, "conformance", "reference_runner.py")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import contract_inputs  # noqa: E402
import differential_mutants  # noqa: E402
import evalcheck  # noqa: E402
import mutagen  # noqa: E402
import regogen  # noqa: E402
import treegen  # noqa: E402

LIBRARY_ONLY = {"undeclared_tool_called"}
# Mutants of OPA's cases a default run compares (about 12 s on the CI machine: 10000
# take 37 s). The CI seed's known differences among them are listed in
# differential_known.json and checked for staleness only when at least these many run.
CI_MUTANTS = 3000
# A request without an input document (not the same as input null).
NO_INPUT = mutagen.ABSENT


# The address space an OPA engine process may take: a program that makes OPA build a
# huge value (its builtins have no size limits) ends that engine ("engine died") instead
# of the machine's memory (24 GiB, shared).
OPA_ADDRESS_SPACE = 8 << 30


def limit_address_space():
    resource.setrlimit(resource.RLIMIT_AS, (OPA_ADDRESS_SPACE, OPA_ADDRESS_SPACE))


class Engine:
    """One long-lived process speaking rego-conformance/1."""

    def __init__(self, name, argv, env=None, limited=False):
        self.name = name
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
                                     cwd=ROOT, env=env, preexec_fn=limit_address_space if limited else None)
        self.n = 0

    def ask(self, modules, data, inp, query, strict=True):
        self.n += 1
        req = {"protocol": "rego-conformance/1", "id": str(self.n),
               "modules": [{"name": n, "source": s} for n, s in modules], "data": data,
               "query": query, "strict_builtin_errors": strict}
        if inp is not NO_INPUT:
            req["input"] = inp
        self.proc.stdin.write(exact_json(req) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f"{self.name} engine died")
        return json.loads(line, parse_float=decimal.Decimal, parse_int=decimal.Decimal)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def exact_json(v):
    """JSON text of a value whose numbers may be Decimals (written exactly, as read)."""
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, list):
        return "[" + ",".join(exact_json(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k) + ":" + exact_json(x) for k, x in v.items()) + "}"
    return json.dumps(v)


def canonical(v):
    """Exact, order-independent text of a JSON value (numbers by value: 1 == 1.0)."""
    if isinstance(v, bool) or v is None:
        return json.dumps(v)
    if isinstance(v, decimal.Decimal):
        return "0" if v == 0 else str(v.normalize())
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ",".join(canonical(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k) + ":" + canonical(v[k]) for k in sorted(v)) + "}"
    raise TypeError(type(v))


def verdict(answer):
    """What must agree: the error code, or the result set (rows as a sorted list)."""
    if not answer.get("ok"):
        return ("error", answer.get("error", {}).get("code"))
    return ("ok", sorted(canonical(r) for r in answer.get("results", [])))


class Differ:
    def __init__(self, args):
        self.args = args
        self.vm = Engine("vm", [args.bin, "policy", "conformance", "--batch"])
        self.opa = Engine("opa", [sys.executable, RUNNER], limited=True)
        self.opa_non_strict = Engine("opa (strict builtin errors off)", [sys.executable, RUNNER],
                                     dict(os.environ, OPA_BINDINGS_DIR=non_strict_engine_home()), limited=True)
        self.requests = 0
        self.non_strict_requests = 0
        self.disagreements = 0
        # README's known differences, listed by seed and program (differential_known.json).
        with open(os.path.join(ROOT, "scripts", "differential_known.json")) as f:
            self.known = {e["what"]: e["reason"] for e in json.load(f)["known"] if e["seed"] == args.seed}
        self.known_found = set()

    def compare(self, what, modules, data, inp, query, strict=True):
        """Both answers, or a printed disagreement (then exit unless --keep-going)."""
        self.requests += 1
        self.non_strict_requests += not strict
        opa = self.opa if strict else self.opa_non_strict
        a, b = self.vm.ask(modules, data, inp, query, strict), opa.ask(modules, data, inp, query, strict)
        if b.get("error", {}).get("code") == "runner_exception":
            print(f"OPA cannot run: {b['error']['message']}")
            sys.exit(2)
        self.last = (a, b)
        if verdict(a) == verdict(b):
            return a
        known = self.known.get(what)
        if known is None:
            self.disagreements += 1
        else:
            self.known_found.add(what)
        print(f"{'KNOWN DIFFERENCE' if known else 'DISAGREEMENT'} ({what}{'' if strict else ', strict builtin errors off'}), "
              f"seed {self.args.seed}{': ' + known if known else ''}")
        for name, text in modules:
            print(f"--- {name}\n{text}")
        print(f"--- data\n{exact_json(data)}")
        if isinstance(inp, dict) and "batch" in inp and a.get("ok") and b.get("ok"):
            xa, xb = a["results"][0]["x"], b["results"][0]["x"]
            for i, one in enumerate(inp["batch"]):
                if canonical(xa.get(str(i))) != canonical(xb.get(str(i))):
                    print(f"--- first differing input (batch index {i})\n{json.dumps(one)}")
                    print(f"--- vm:  {json.dumps(xa.get(str(i)), default=str)}\n--- opa: {json.dumps(xb.get(str(i)), default=str)}")
                    break
        print(f"--- input\n{'(none)' if inp is NO_INPUT else exact_json(inp)}")
        print(f"--- query\n{query}")
        print(f"--- vm:  {json.dumps(a, default=str)}")
        print(f"--- opa: {json.dumps(b, default=str)}")
        if known is None and not self.args.keep_going:
            sys.exit(1)
        return a if known else None


def non_strict_engine_home():
    """The folder of OPA's engine with strict builtin errors off (built once, cached)."""
    run = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "nonstrict_engine.py")],
                         capture_output=True, text=True)
    if run.returncode != 0:
        print(f"OPA cannot run without strict builtin errors: {run.stderr.strip() or run.stdout.strip()}")
        sys.exit(2)
    return run.stdout.strip()


def manifests():
    found = sorted(glob.glob(os.path.join(ROOT, "examples", "**", "*.yaml"), recursive=True))
    return found + sorted(glob.glob(os.path.join(ROOT, "Tests", "AgentSpecTests", "Fixtures", "reference-manifests", "*.yaml")))


def generated_bundles(binary):
    """(name, meta, rego, data) for every manifest that validates."""
    out = []
    for path in manifests():
        with tempfile.TemporaryDirectory() as d:
            run = subprocess.run([binary, "generate-policy", path, "--out", d, "--json"], capture_output=True, text=True)
            if run.returncode != 0:
                continue
            meta = json.loads(run.stdout)
            rego = open(os.path.join(d, "policy.rego")).read()
            data = json.load(open(os.path.join(d, "data.json")))
        out.append((os.path.relpath(path, os.path.dirname(ROOT)), meta, rego, data))
    return out


def library_modules():
    paths = sorted(glob.glob(os.path.join(ROOT, "policies", "**", "*.rego"), recursive=True))
    return [(os.path.relpath(p, ROOT), open(p).read()) for p in paths if not p.endswith("_test.rego")]


def batch_query(deny, allow):
    return (f"x := {{i: [d, a] | some i, inp in input.batch; d := {deny} with input as inp; "
            f"a := {allow} with input as inp}}")


def contract_decisions(differ, rng, per_manifest, batch):
    """Part 1; returns (inputs, decisions)."""
    library = library_modules()
    inputs = decisions = 0
    for name, meta, rego, data in generated_bundles(differ.args.bin):
        pkg_deny = meta["query"]
        pkg_allow = pkg_deny[: -len(".deny")] + ".allow"
        policies = [("generated " + name, [("policy.rego", rego)], data, pkg_deny, pkg_allow),
                    ("library with " + name, library, data,
                     "data.agentspec.behaviour.deny", "data.agentspec.behaviour.allow")]
        values = contract_inputs.agent_values(data)
        cases = [contract_inputs.random_input(rng, values, meta["agentName"]) for _ in range(per_manifest)]
        answers = {}
        for label, modules, d, deny, allow in policies:
            got = []
            for start in range(0, len(cases), batch):
                chunk = cases[start:start + batch]
                a = differ.compare(label, modules, d, {"batch": chunk}, batch_query(deny, allow))
                if a is not None and a.get("ok"):
                    row = a["results"][0]["x"]
                    got += [row.get(str(i)) for i in range(len(chunk))]
            for inp in cases[:10]:  # one input per request, the sidecar's own path (and mode:
                # its embedded VM, as an OPA server, has builtin errors undefined)
                differ.compare(label + " (single input)", modules, d, inp, f"x := {deny}", strict=False)
            answers[label.split(" ")[0]] = got
            decisions += len(cases)
        inputs += len(cases)
        for i, (g, l) in enumerate(zip(answers.get("generated", []), answers.get("library", []))):
            if g is None or l is None or set(g[0]) != set(l[0]) - LIBRARY_ONLY:
                differ.disagreements += 1
                print(f"LIBRARY DISAGREES WITH generate-policy for {name}, seed {differ.args.seed}")
                print(f"--- input\n{json.dumps(cases[i])}\n--- generated: {g}\n--- library: {l}")
                if not differ.args.keep_going:
                    sys.exit(1)
        print(f"ok  {name}: {len(cases)} inputs, generated policy ({len(meta['rules'])} rules) and library agree with OPA")
    return inputs, decisions


def random_policies(differ, rng, target, inputs_each, features=None):
    """Part 3; returns (policies that compiled in OPA, policies tried, evaluations,
    policies with a disagreement by feature, policies by feature)."""
    from collections import Counter
    compiled = tried = evaluations = 0
    by_feature, used = Counter(), Counter()
    by_mode, policies_by_mode = Counter(), Counter()
    while compiled < target and tried < target * 4:
        tried += 1
        case = regogen.random_case(rng, features)
        used.update(case["features"])
        # The package document, (several rows) one partial rule's members, and the
        # features' own queries.
        queries = (["x := data.gen"] + [f"some k; v := data.gen.{c}[k]" for c in case["collections"][:1]]
                   + case["queries"])
        modules = [("gen.rego", case["source"])]
        ok = False
        before = differ.disagreements
        mode = "strict" if case["strict"] else "non-strict"
        policies_by_mode[mode] += 1
        for j in range(max(inputs_each, len(queries))):
            inp = regogen.random_input(rng)
            differ.compare(f"random policy #{tried}", modules, regogen.DATA, inp, queries[j % len(queries)],
                           case["strict"])
            evaluations += 1
            opa = differ.last[1]
            ok = ok or opa.get("ok") or opa["error"]["code"].startswith("eval_")
        if differ.disagreements > before:
            by_feature.update(case["features"])
            by_mode[mode] += 1
        compiled += ok
    for mode in sorted(policies_by_mode):
        print(f"random policies compared with {mode} builtin errors: {policies_by_mode[mode]}, "
              f"{by_mode[mode]} with a disagreement")
    return compiled, tried, evaluations, by_feature, used


def answer_kind(answer):
    """A short name for an answer: its error code, or ok/undefined."""
    if not answer.get("ok"):
        return answer.get("error", {}).get("code", "?")
    return "ok" if answer.get("results") else "undefined"


def compile_verdict(answer):
    """Whether an engine took a program: "compiles" (an answer or an evaluation error), or
    the code it refused the program with (rego_parse_error, rego_type_error, ...)."""
    if answer.get("ok"):
        return "compiles"
    code = answer.get("error", {}).get("code", "?")
    return "compiles" if code.startswith("eval_") else code


# The share of tree policies compared with strict builtin errors off; the mode is drawn from
# a stream of its own, so the programs a seed gives stay the same.
TREE_NON_STRICT_SHARE = 0.25


def tree_policies(differ, rng, target, inputs_each):
    """Part 4; returns (policies that compiled in OPA, tried, evaluations, disagreements by
    feature, disagreements by (vm, opa) answer kinds, policies used by feature, policies with a
    disagreement, policies by (vm, opa) compile verdicts)."""
    from collections import Counter
    by_feature, by_pair, used, verdicts = Counter(), Counter(), Counter(), Counter()
    compiled = tried = evaluations = failing = non_strict = 0
    modes = random.Random(differ.args.seed + 3)
    while compiled < target and tried < target * 4:
        tried += 1
        strict = modes.random() >= TREE_NON_STRICT_SHARE
        non_strict += not strict
        disabled = differ.args.tree_disable + ([] if differ.args.tree_known else treegen.KNOWN_DIFFERENCE_FEATURES)
        modules, queries, features = treegen.random_policy(rng, disabled)
        used.update(features)
        ok = disagreed = False
        for j in range(inputs_each):
            inp = treegen.random_input(rng)
            for query in ([queries[0]] + rng.sample(queries[1:], min(2, len(queries) - 1))):
                before = differ.disagreements
                a = differ.compare(f"tree policy #{tried}", modules, treegen.DATA, inp, query, strict)
                evaluations += 1
                vm, opa = differ.last
                if j == 0 and query == queries[0]:   # the whole package: does each engine take the program?
                    verdicts[(compile_verdict(vm), compile_verdict(opa))] += 1
                ok = ok or opa.get("ok") or opa["error"]["code"].startswith("eval_")
                if differ.disagreements > before:
                    disagreed = True
                    by_pair[(answer_kind(vm), answer_kind(opa))] += 1
        if disagreed:
            failing += 1
            by_feature.update(features)
        compiled += ok
    print(f"tree policies compared with strict builtin errors off: {non_strict} of {tried}")
    return compiled, tried, evaluations, by_feature, by_pair, used, failing, verdicts


def print_compile_verdicts(verdicts, programs="tree programs"):
    """Programs each engine took or refused; every row whose two sides differ is a
    disagreement (OPA takes a program the VM refuses, or the reverse, or another code)."""
    vm_only = sum(n for (vm, opa), n in verdicts.items() if vm == "compiles" and opa != "compiles")
    opa_only = sum(n for (vm, opa), n in verdicts.items() if opa == "compiles" and vm != "compiles")
    other = sum(n for (vm, opa), n in verdicts.items() if vm != opa and "compiles" not in (vm, opa))
    print(f"{programs} OPA takes and the VM refuses: {opa_only}; the VM takes and OPA refuses: {vm_only}; "
          f"both refuse with different codes: {other}")
    for (vm, opa), n in sorted(verdicts.items(), key=lambda kv: -kv[1]):
        print(f"  vm {vm:25} opa {opa:25} {n:5}{'' if vm == opa else '  DISAGREE'}")


def type_error_mutations(differ, rng, count):
    """Part 5; returns {mutation kind: [policies, disagreements, rego_type_error verdicts]}."""
    per_kind = {}
    for i in range(count):
        source, kind = regogen.type_error_policy(rng)
        before = differ.disagreements
        a = differ.compare(f"type-error mutation #{i + 1} ({kind})", [("gen.rego", source)], regogen.DATA,
                           regogen.random_input(rng), "x := data.gen")
        tally = per_kind.setdefault(kind, [0, 0, 0])
        tally[0] += 1
        tally[1] += differ.disagreements - before
        tally[2] += a is not None and a.get("error", {}).get("code") == "rego_type_error"
    for kind, (n, d, rejected) in sorted(per_kind.items()):
        print(f"{'ok ' if d == 0 else 'BAD'} type-error mutations, {kind}: {n} policies "
              f"({rejected} rego_type_error in both), {d} disagreements")
    return per_kind


def library_tests_in_opa(differ):
    """The library's own unit tests (policies/**/*_test.rego), run by OPA: each test_*
    rule must be true there too. Returns the number of tests."""
    import re
    paths = sorted(glob.glob(os.path.join(ROOT, "policies", "**", "*.rego"), recursive=True))
    modules = [(os.path.relpath(p, ROOT), open(p).read()) for p in paths]
    count = 0
    for name, text in modules:
        if not name.endswith("_test.rego"):
            continue
        pkg = re.search(r"^package\s+(\S+)", text, re.M).group(1)
        for test in re.findall(r"^(test_\w+)\b", text, re.M):
            count += 1
            answer = differ.opa.ask(modules, {}, NO_INPUT, f"x := data.{pkg}.{test}")
            if answer.get("results") != [{"x": True}]:
                differ.disagreements += 1
                print(f"OPA FAILS data.{pkg}.{test} ({name}): {json.dumps(answer, default=str)}")
                if not differ.args.keep_going:
                    sys.exit(1)
    print(f"ok  policies/: {count} unit tests pass in OPA")
    return count


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build", "debug", "agentspec"))
    ap.add_argument("--seed", type=int, default=20261121)
    ap.add_argument("--inputs", type=int, default=800, help="random inputs per manifest")
    ap.add_argument("--batch", type=int, default=200, help="inputs per request")
    ap.add_argument("--policies", type=int, default=300, help="random policies that must compile")
    ap.add_argument("--inputs-per-policy", type=int, default=4)
    ap.add_argument("--regogen-feature", choices=regogen.FEATURES, action="append",
                    help="random policies use exactly these regogen features (repeatable; default: each at random)")
    ap.add_argument("--tree-policies", type=int, default=0, help="treegen policies that must compile in OPA (0: skip part 4)")
    ap.add_argument("--tree-disable", action="append", default=[], metavar="FEATURE",
                    help="a treegen feature never to use (repeatable), to look past a known disagreement")
    ap.add_argument("--tree-known", action="store_true",
                    help="let treegen use the features whose programs meet a known difference from OPA "
                         f"(README; off by default: {', '.join(treegen.KNOWN_DIFFERENCE_FEATURES)})")
    ap.add_argument("--features", action="store_true",
                    help="print the per-feature table of the tree policies (policies with a disagreement / using it) "
                         "even when none disagrees")
    ap.add_argument("--mutations", type=int, default=300, help="type-error mutation policies (part 5)")
    ap.add_argument("--eval-policies", type=int, default=60, help="random policies for part 6 (policy eval, 0: skip)")
    ap.add_argument("--mutants", type=int, default=CI_MUTANTS,
                    help="mutants of OPA's conformance cases (part 7, scripts/mutagen.py; 0: skip)")
    ap.add_argument("--mutant-kind", choices=mutagen.KINDS, action="append",
                    help="mutants use only these mutation kinds (repeatable; default: all)")
    ap.add_argument("--mutant-messages", action="store_true",
                    help="print each mutant whose error message differs where both engines raise the same code")
    ap.add_argument("--only", choices=["library", "contract", "random", "tree", "mutations", "eval", "mutants"],
                    action="append",
                    help="run only these parts (repeatable)")
    ap.add_argument("--keep-going", action="store_true", help="report every disagreement, not only the first")
    args = ap.parse_args()
    started = time.time()
    differ = Differ(args)
    rng = random.Random(args.seed)
    parts = set(args.only or ["library", "contract", "random", "tree", "mutations", "eval", "mutants"])
    if "library" in parts:
        library_tests_in_opa(differ)
    inputs = decisions = compiled = tried = evaluations = 0
    if "contract" in parts:
        inputs, decisions = contract_decisions(differ, rng, args.inputs, args.batch)
    if "random" in parts:
        compiled, tried, evaluations, by_feature, used = random_policies(
            differ, rng, args.policies, args.inputs_per_policy, args.regogen_feature)
        for feature in regogen.FEATURES:
            if used[feature]:
                print(f"regogen feature {feature:32} {by_feature[feature]:5} of {used[feature]} policies disagree")
    tree = (0, 0, 0, {}, {}, {}, 0, {})
    if "tree" in parts and args.tree_policies > 0:
        tree = tree_policies(differ, random.Random(args.seed + 1), args.tree_policies, 2)
        _, _, _, by_feature, by_pair, used, failing, verdicts = tree
        print_compile_verdicts(verdicts)
        if failing or args.features:
            print(f"tree policies with a disagreement: {failing}; by feature (policies with it / using it):")
            shown = used if args.features else by_feature
            for feature in sorted(shown, key=lambda f: (-by_feature[f] / used[f], f)):
                print(f"  {feature:45} {by_feature[feature]:5} / {used[feature]}")
            print("by answer (vm -> opa):")
            for (vm, opa), n in sorted(by_pair.items(), key=lambda kv: -kv[1]):
                print(f"  {vm:25} -> {opa:25} {n}")
    mutations = {}
    if "mutations" in parts:
        # Their own random stream, so the parts above draw what they drew before.
        mutations = type_error_mutations(differ, random.Random(args.seed + 1), args.mutations)
    evals = (0, 0, 0)
    if "eval" in parts and args.eval_policies > 0:
        # `policy eval` as `opa eval`: builtin errors are not strict unless asked for.
        evals = evalcheck.run(differ, evalcheck.OPA(non_strict_engine_home()), random.Random(args.seed + 2), args.eval_policies)
        print(f"ok  policy eval: {evals[0]} policies, {evals[1]} queries printed as opa eval prints them, "
              f"{evals[2]} built bundles read by OPA to the same answers")
    mutants = (0, 0)
    if "mutants" in parts and args.mutants > 0:
        # Their own random stream, so the parts above draw what they drew before.
        mutants = differential_mutants.run(differ, random.Random(args.seed + 5), args.mutants, args.mutant_kind,
                                           compile_verdict)
        print_compile_verdicts(mutants[3], "mutant programs")
        differential_mutants.print_kinds(*mutants, show_all=args.features)
    differ.vm.close()
    differ.opa.close()
    differ.opa_non_strict.close()
    print(f"differential (seed {args.seed}): {inputs} contract inputs ({decisions} decisions), "
          f"{compiled} random policies compiled of {tried} generated ({evaluations} evaluations), "
          f"{tree[0]} tree policies compiled of {tree[1]} generated ({tree[2]} evaluations), "
          f"{sum(t[0] for t in mutations.values())} type-error mutations, {mutants[0]} mutants of OPA's cases, "
          f"{differ.requests} requests per engine ({differ.non_strict_requests} without strict builtin errors), "
          f"{differ.disagreements} disagreements, {len(differ.known_found)} known differences "
          f"(scripts/differential_known.json), {time.time() - started:.0f}s")
    # A listed difference that did not appear is stale: the list must say what is true.
    ran_in_full = (lambda what: args.mutants >= CI_MUTANTS if what.startswith("mutant ") else args.tree_policies >= 300)
    stale = sorted(w for w in set(differ.known) - differ.known_found if not args.only and ran_in_full(w))
    for what in stale:
        print(f"STALE known difference ({what}, seed {args.seed}) no longer found: remove it from scripts/differential_known.json")
    return 1 if differ.disagreements or stale else 0


if __name__ == "__main__":
    sys.exit(main())
