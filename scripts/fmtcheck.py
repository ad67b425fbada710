#!/usr/bin/env python3
"""`agentspec policy fmt` against what a policy means: random policies from
scripts/regogen.py and scripts/treegen.py (several modules each, with comments added
at the ends of random lines and on lines of their own) are formatted, and

  1. the formatted text formats to itself (a fixed point);
  2. every comment added is in the output exactly once;
  3. the embedded VM gives the same answer (result set, or error code) for the
     original and the formatted modules, on the generator's queries and random inputs;
  4. OPA (../shared/conformance/reference_runner.py, its Go `rego` package) gives the
     same answer for both too.

The VM and OPA are not compared with each other here (scripts/differential.py does
that). OPA's own formatter is not reachable from the installed engine (the library
exports evaluation only), so byte equality with `opa fmt` is checked by the unit tests
on OPA's format test files instead.

Usage: scripts/fmtcheck.py [--bin .build/debug/agentspec] [--seed S] [--policies N]
                           [--tree-policies N] [--inputs N]
Exit 0 when every check holds, 1 on the first failure (printing the policy), 2 when
OPA cannot run. Standard library only.
"""
import argparse
import os
import random
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import differential  # noqa: E402
import regogen  # noqa: E402
import treegen  # noqa: E402


def fmt(binary, source):
    p = subprocess.run([binary, "policy", "fmt"], input=source.encode(), capture_output=True)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def with_comments(rng, source, tag):
    """The source with `# <tag>-N` comments at the ends of some lines and on lines of
    their own (never inside a raw string, which may span lines)."""
    lines = source.split("\n")
    out, markers = [], []
    in_raw = False
    for i, line in enumerate(lines):
        starts_in_raw = in_raw
        in_raw ^= line.count("`") % 2 == 1
        if starts_in_raw or in_raw or i == 0:
            out.append(line)
            continue
        if rng.random() < 0.15:
            markers.append(f"{tag}-{len(markers)}")
            out.append(f"# {markers[-1]}")
        if line.strip() and rng.random() < 0.25:
            markers.append(f"{tag}-{len(markers)}")
            line += f" # {markers[-1]}"
        out.append(line)
    return "\n".join(out), markers


class Check:
    def __init__(self, args):
        self.args = args
        self.differ = differential.Differ(argparse.Namespace(bin=args.bin, seed=args.seed, keep_going=False))
        self.counts = dict(policies=0, modules=0, refused=0, comments=0, evaluations=0)

    def fail(self, what, modules, detail):
        print(f"FAILURE ({what}), seed {self.args.seed}")
        for name, text in modules:
            print(f"--- {name}\n{text}")
        print(detail)
        sys.exit(1)

    def policy(self, what, modules, queries, data, inputs):
        formatted = []
        for name, text in modules:
            rc, out, err = fmt(self.args.bin, text)
            if rc != 0:
                # A module the parser refuses: the VM must refuse it too (checked below).
                self.counts["refused"] += 1
                return
            rc2, again, _ = fmt(self.args.bin, out)
            if rc2 != 0 or again != out:
                self.fail(f"{what}: not a fixed point", [(name, text), (name + " formatted", out), (name + " again", again)], "")
            for marker in re.findall(r"# (\S+-\d+)$", text, re.M):
                self.counts["comments"] += 1
                if len(re.findall(r"# " + re.escape(marker) + r"$", out, re.M)) != 1:
                    self.fail(f"{what}: comment {marker} lost or doubled", [(name, text), (name + " formatted", out)], "")
            formatted.append((name, out))
            self.counts["modules"] += 1
        self.counts["policies"] += 1
        for query in queries:
            for inp in inputs:
                answers = []
                for engine in (self.differ.vm, self.differ.opa):
                    a = engine.ask(modules, data, inp, query)
                    b = engine.ask(formatted, data, inp, query)
                    if b.get("error", {}).get("code") == "runner_exception":
                        print(f"OPA cannot run: {b['error']['message']}")
                        sys.exit(2)
                    self.counts["evaluations"] += 2
                    if differential.verdict(a) != differential.verdict(b):
                        self.fail(f"{what}: {engine.name} answers differ", modules + [(n + " formatted", t) for n, t in formatted],
                                  f"--- query {query}\n--- input {inp}\n--- original: {a}\n--- formatted: {b}")
                    answers.append(a)

    def regogen_policies(self, rng, n):
        for i in range(n):
            case = regogen.random_case(rng, None)
            text, _ = with_comments(rng, case["source"], f"r{i}")
            queries = ["x := data.gen"] + case["queries"][:2]
            inputs = [regogen.random_input(rng) for _ in range(self.args.inputs)]
            self.policy(f"regogen policy #{i}", [("gen.rego", text)], queries, regogen.DATA, inputs)

    def tree_policies(self, rng, n):
        for i in range(n):
            modules, queries, _ = treegen.random_policy(rng)
            commented = [(name, with_comments(rng, text, f"t{i}m{j}")[0]) for j, (name, text) in enumerate(modules)]
            inputs = [treegen.random_input(rng) for _ in range(self.args.inputs)]
            self.policy(f"tree policy #{i}", commented, [queries[0]] + queries[1:3], treegen.DATA, inputs)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build", "debug", "agentspec"))
    ap.add_argument("--seed", type=int, default=20261121)
    ap.add_argument("--policies", type=int, default=150, help="regogen policies")
    ap.add_argument("--tree-policies", type=int, default=150, help="treegen policies")
    ap.add_argument("--inputs", type=int, default=2, help="random inputs per query")
    args = ap.parse_args()
    started = time.time()
    check = Check(args)
    check.regogen_policies(random.Random(args.seed), args.policies)
    check.tree_policies(random.Random(args.seed + 1), args.tree_policies)
    check.differ.vm.close()
    check.differ.opa.close()
    c = check.counts
    print(f"fmtcheck (seed {args.seed}): {c['policies']} policies ({c['modules']} modules) formatted to fixed points, "
          f"{c['comments']} comments kept, {c['evaluations']} evaluations with the same answer before and after "
          f"(VM and OPA), {c['refused']} policies refused by the parser, {time.time() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
