#!/usr/bin/env python3
"""Random differential test of the regex builtins: random RE2 patterns (captures,
alternation, every repetition form, greedy and not, anchors, classes, flags) against
random texts, each call evaluated by the real OPA engine and by our build; prints the
calls whose answers differ.

  python3 scripts/regex_differential.py [--seed N] [--count N] [--cmd "…agentspec policy conformance --batch"]
"""
import argparse
import json
import os
import random
import sys

from opa_calls import OURS, REFERENCE, ask

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

ATOMS = ["a", "b", "c", ".", "[ab]", "[^a]", "\\w", "\\d", "\\s", "\\b", "\\B", "^", "$", "é", "(?i:a)", "\\pL", "x", "[a-c]", ""]
TEXT_CHARS = "aabbc xé\n1A"


def pattern(rng, depth=0):
    if depth > 3 or rng.random() < 0.3:
        return rng.choice(ATOMS)
    kind = rng.random()
    if kind < 0.3:
        return "".join(pattern(rng, depth + 1) for _ in range(rng.randint(2, 3)))
    if kind < 0.5:
        return "|".join(pattern(rng, depth + 1) for _ in range(rng.randint(2, 3)))
    if kind < 0.7:
        return "(" + pattern(rng, depth + 1) + ")"
    sub = pattern(rng, depth + 1)
    if not sub or sub in ("^", "$", "\\b", "\\B"):
        sub = "(" + sub + ")"
    elif len(sub) > 1 and not (sub.startswith("(") and sub.endswith(")")) and not (sub.startswith("[") and sub.endswith("]")):
        sub = "(?:" + sub + ")"
    op = rng.choice(["*", "+", "?", "{2}", "{1,2}", "{0,3}", "{2,}"])
    if rng.random() < 0.3:
        op += "?"
    return sub + op


def calls(seed, count):
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        p = pattern(rng)
        if rng.random() < 0.2:
            p = rng.choice(["(?m)", "(?s)", "(?U)", "(?i)"]) + p
        t = "".join(rng.choice(TEXT_CHARS) for _ in range(rng.randint(0, 8)))
        which = rng.random()
        if which < 0.6:
            out.append(("regex.find_all_string_submatch_n", [p, t, -1]))
        elif which < 0.8:
            out.append(("regex.match", [p, t]))
        elif which < 0.9:
            out.append(("regex.split", [p, t]))
        else:
            out.append(("regex.replace", [t, p, "<$1>"]))
    return out


def outcome(a):
    if a.get("ok"):
        return json.dumps(a["results"][0]["x"] if a["results"] else None, ensure_ascii=False)
    m = (a.get("error") or {}).get("message", "")
    return "error: " + m.rsplit("error: ", 1)[-1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--cmd", default=" ".join(OURS))
    o = ap.parse_args()
    cs = calls(o.seed, o.count)
    ref = ask(REFERENCE, cs)
    ours = ask(o.cmd.split(), cs)
    bad = 0
    for (n, args), a, b in zip(cs, ref, ours):
        if outcome(a) != outcome(b):
            bad += 1
            if bad <= 20:
                print("DIFF %s(%s)\n  opa : %s\n  ours: %s" % (n, json.dumps(args, ensure_ascii=False), outcome(a), outcome(b)))
    print("%d of %d differ (seed %d)" % (bad, len(cs), o.seed))
    sys.exit(1 if bad else 0)


main()
