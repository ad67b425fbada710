"""Part 7 of scripts/differential.py: mutants of OPA's own conformance cases
(scripts/mutagen.py), each evaluated by both engines on its own query, data and input,
strict and (a share drawn from a stream of its own) non-strict; results and error codes
must agree. Counted per mutation kind (mutants with a disagreement / mutants using it)
and by whether each engine takes the program. Error messages are compared too, where
both engines raise the same code: a different message is printed and counted (--mutant-messages
makes it a disagreement). Standard library only.
"""
import random
import re
from collections import Counter

import mutagen

# The share of mutants compared with strict builtin errors off.
NON_STRICT_SHARE = 0.3


def message(answer):
    """An error's message without the bridge's wrapping (OPA's bundle activation prefix)."""
    text = answer.get("error", {}).get("message", "")
    text = re.sub(r"^bundle activation failed: ", "", text)
    text = re.sub(r"^\d+ errors? occurred:\s*", "", text).strip()
    # The VM names the column too (file:line:col:), OPA's message the line only.
    return re.sub(r"^(\S+\.rego:\d+):\d+:", r"\1:", text, flags=re.M)


def run(differ, rng, count, kinds=None, compile_verdict=None):
    """Returns (mutants, mutants with a disagreement by kind, mutants by kind, (vm, opa)
    compile verdicts, mutants whose error messages differ by kind, mutants with a
    disagreement, mutants whose error messages differ)."""
    gen = mutagen.MutationGenerator()
    modes = random.Random(differ.args.seed + 4)
    by_kind, used, verdicts, messages = Counter(), Counter(), Counter(), Counter()
    non_strict = failing = message_differs = 0
    for n in range(1, count + 1):
        mutant = gen.random_mutant(rng, kinds)
        strict = modes.random() >= NON_STRICT_SHARE
        non_strict += not strict
        used.update(set(mutant.kinds))
        before = differ.disagreements
        what = f"mutant #{n} of {mutant.case_id} ({', '.join(mutant.kinds)})"
        differ.compare(what, mutant.named_modules(), mutant.data, mutant.input, mutant.query, strict)
        vm, opa = differ.last
        verdicts[(compile_verdict(vm), compile_verdict(opa))] += 1
        if differ.disagreements > before:
            failing += 1
            by_kind.update(set(mutant.kinds))
        elif not vm.get("ok") and not opa.get("ok") and message(vm) != message(opa):
            message_differs += 1
            messages.update(set(mutant.kinds))
            if differ.args.mutant_messages:
                print(f"MESSAGE DIFFERS ({what}), seed {differ.args.seed}")
                for name, text in mutant.named_modules():
                    print(f"--- {name}\n{text}")
                print(f"--- query\n{mutant.query}\n--- vm:  {message(vm)}\n--- opa: {message(opa)}")
    print(f"mutants compared with strict builtin errors off: {non_strict} of {count}")
    return count, by_kind, used, verdicts, messages, failing, message_differs


def print_kinds(count, by_kind, used, verdicts, messages, failing, message_differs, show_all=False):
    """The per-kind table: every kind with a disagreement, or all of them when asked."""
    print(f"mutants with a disagreement: {failing} of {count}; with the same error code and another message: "
          f"{message_differs}")
    if not failing and not show_all:
        return
    print("by mutation kind (mutants with a disagreement / using it; with another error message):")
    for kind in sorted(used, key=lambda k: (-by_kind[k] / used[k], k)):
        if by_kind[kind] or show_all:
            print(f"  {kind:16} {by_kind[kind]:5} / {used[kind]:<6} {messages[kind]:5}")
