"""A third source of programs for scripts/differential.py, built unlike regogen.py and
treegen.py: it does not generate Rego, it mutates the Rego that OPA's authors (and
regorus's) wrote — the cases of ../shared/conformance/dev.jsonl, with their data, input
and query — so the programs use the language the way people do, and the mutations
push them where those cases never went.

Each mutant is one case with one to three mutations, each of a named kind (KINDS):
constants swapped for others of another type or value (numbers, strings, null,
booleans, big and decimal numbers, empty collections), operators for operators of their
family, builtin calls for builtins of the same arity, the input and data documents
perturbed (a key dropped, a value's type changed, a value nested deeper, a collection
emptied), rules duplicated, deleted or reordered, body expressions likewise, `not`
added or taken away, an `else`, a `default` or a `with` added, and a rule or a body
expression spliced in from another case. Nothing keeps a mutant valid: OPA refusing it
(its error code) is an answer to agree with like any other.

Deterministic for a given random.Random (the cases are read in file order).
Standard library only.
"""
import copy
import json
import os
import re
from decimal import Decimal

import mutagen_source as src

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = os.path.join(os.path.dirname(ROOT), "shared", "conformance", "dev.jsonl")
SIGNATURES = os.path.join(ROOT, "Sources", "PolicyVM", "Types", "BuiltinSignatures+Table.swift")

# Constants by type, as Rego text. Numbers include the spellings and sizes that take
# another path through a number's life (big integers, decimals, exponents, -0).
CONSTANTS = {
    "number": ["0", "1", "-1", "2", "7", "1.5", "0.1", "-0.5", "3.000", "1e3", "1e-7", "-0",
               "12345678901234567890", "9007199254740993", "1e400", "0.30000000000000004"],
    "string": ['""', '"a"', '"1"', '"1.5"', '"true"', '"null"', '"é"', '"A b"', "`raw\\n`", '"x.y"', '"0"'],
    "boolean": ["true", "false"],
    "null": ["null"],
    "collection": ["[]", "{}", "set()", '[1, "a"]', '{"a": 1}', "{1, 2}", "[null]", '{"a": {"b": []}}'],
}
EMPTY = ["[]", "{}", "set()", '""', "0"]

OPERATOR_FAMILIES = [["==", "!=", "<", "<=", ">", ">="], ["+", "-", "*", "/", "%"], ["|", "&"], [":=", "=", "=="]]

# Builtins whose answer is not a function of their arguments (two engines answer
# differently by design), or that only exist as operators' internal names.
UNSWAPPABLE = {"rand.intn", "time.now_ns", "opa.runtime", "uuid.rfc4122", "print", "trace",
               "internal.member_2", "internal.member_3", "eq", "assign", "equal"}

# JSON values a perturbed document may get (Decimal keeps big and decimal numbers exact).
JSON_VALUES = [0, 1, -1, Decimal("1.5"), Decimal("0.1"), 12345678901234567890, Decimal("1E-7"),
               "", "a", "1", "true", None, True, False, [], {}, [1, "a"], {"a": 1}, {"a": {"b": [1]}}]

KINDS = ["const-type", "const-value", "const-empty", "operator", "builtin", "input-drop", "input-retype",
         "input-deepen", "input-empty", "data-drop", "data-retype", "data-deepen", "data-empty",
         "rule-duplicate", "rule-delete", "rule-reorder", "expr-duplicate", "expr-delete", "expr-reorder",
         "not", "else", "default", "with", "splice-rule", "splice-expr"]

ABSENT = object()  # a case without input (not the same as input null)

# Cases calling these are left out (as programs and as donors): their answers differ
# between two engines, or two runs, by design, and only the case's own query hid that.
NONDETERMINISTIC = ("uuid.rfc4122", "rand.intn", "time.now_ns", "opa.runtime")


# numbers.range materialises every number: OPA has no bound (a range over 12345678901234567890
# took the reference engine to 23 GB), the VM refuses past a million (README). A mutant
# calling it with a number this large or larger is not generated.
RANGE_BUILTINS = ("numbers.range",)
LARGEST_RANGE_BOUND = Decimal(100000)


def overflows_oracle(modules):
    """Whether a program could make OPA build a range too large for the machine."""
    text = "\n".join(modules)
    if not any(b in text for b in RANGE_BUILTINS):
        return False
    return any(t.kind == "number" and abs(Decimal(t.text)) > LARGEST_RANGE_BOUND for t in src.tokens(text))


def load_cases(path=CASES):
    with open(path) as f:
        cases = [json.loads(line, parse_float=Decimal) for line in f if line.strip()]
    return [c for c in cases if not any(n in text for n in NONDETERMINISTIC for text in c["modules"] + [c["query"]])]


def builtins_by_arity(path=SIGNATURES):
    """{arity: [names]} of the builtins the VM declares (what OPA's capabilities list for
    them); each argument of a declaration is one `("name", type)` pair, and so is its result."""
    by_arity = {}
    with open(path) as f:
        for line in f:
            m = re.match(r'\s*\("([\w.]+)", FunctionType\(', line)
            if m and m.group(1) not in UNSWAPPABLE:
                by_arity.setdefault(line.count('("') - 2, []).append(m.group(1))
    return by_arity


class Mutant:
    """A case being mutated: its modules (text), data, input (ABSENT when none) and query."""

    def __init__(self, case):
        self.case_id = case["id"]
        self.modules = list(case["modules"])
        self.data = copy.deepcopy(case.get("data") or {})
        self.input = copy.deepcopy(case["input"]) if "input" in case else ABSENT
        self.query = case["query"]
        self.kinds = []

    def named_modules(self):
        return [(f"mod{i}.rego", text) for i, text in enumerate(self.modules)]


class MutationGenerator:
    def __init__(self, cases=None, arities=None):
        self.cases = cases if cases is not None else load_cases()
        self.arities = arities if arities is not None else builtins_by_arity()
        self.builtin_arity = {n: a for a, names in self.arities.items() for n in names}
        self.donors = [text for case in self.cases for text in case["modules"]]

    def random_mutant(self, rng, kinds=None):
        """One mutant: a case and one to three mutations of the kinds allowed (drawn
        again while it could make the oracle build a huge range)."""
        while True:
            mutant = self._mutant(rng, kinds)
            if not overflows_oracle(mutant.modules):
                return mutant

    def _mutant(self, rng, kinds):
        mutant = Mutant(rng.choice(self.cases))
        wanted = 1 + (rng.random() < 0.35) + (rng.random() < 0.1)
        allowed = kinds or KINDS
        for _ in range(20):
            if len(mutant.kinds) >= wanted:
                break
            kind = rng.choice(allowed)
            if getattr(self, "mutate_" + kind.replace("-", "_"))(rng, mutant):
                mutant.kinds.append(kind)
        return mutant

    # -- constants, operators, builtins: one token of one module --------------------------

    def _token_sites(self, rng, mutant, wanted):
        """A random module's tokens and the indices of those `wanted` accepts (never in the
        package or import lines), or None."""
        order = list(range(len(mutant.modules)))
        rng.shuffle(order)
        for mi in order:
            toks = src.tokens(mutant.modules[mi])
            sites, line_start, header = [], True, False
            for i, t in enumerate(toks):
                if line_start and t.kind != "space":
                    header = t.kind == "name" and t.text in ("package", "import")
                    line_start = False
                if t.kind == "space" and "\n" in t.text:
                    line_start = True
                if not header and wanted(toks, i):
                    sites.append(i)
            if sites:
                return mi, toks, sites
        return None

    def _replace_token(self, rng, mutant, wanted, replacement):
        found = self._token_sites(rng, mutant, wanted)
        if not found:
            return False
        mi, toks, sites = found
        i = rng.choice(sites)
        text = replacement(toks[i])
        if text is None or text == toks[i].text:
            return False
        toks[i] = src.Token("replaced", text)
        mutant.modules[mi] = src.render(toks)
        return True

    @staticmethod
    def constant_type(token):
        if token.kind in ("string", "raw"):
            return "string"
        if token.kind == "number":
            return "number"
        return "boolean" if token.text in ("true", "false") else "null"

    def mutate_const_type(self, rng, mutant):
        def other(token):
            kind = rng.choice([k for k in CONSTANTS if k != self.constant_type(token)])
            return rng.choice(CONSTANTS[kind])
        return self._replace_token(rng, mutant, lambda toks, i: toks[i].is_constant(), other)

    def mutate_const_value(self, rng, mutant):
        return self._replace_token(rng, mutant, lambda toks, i: toks[i].is_constant(),
                                   lambda token: rng.choice(CONSTANTS[self.constant_type(token)]))

    def mutate_const_empty(self, rng, mutant):
        return self._replace_token(rng, mutant, lambda toks, i: toks[i].is_constant(), lambda _: rng.choice(EMPTY))

    def mutate_operator(self, rng, mutant):
        def swap(token):
            family = rng.choice([f for f in OPERATOR_FAMILIES if token.text in f])
            return rng.choice(family)
        return self._replace_token(rng, mutant, lambda toks, i: toks[i].kind == "op", swap)

    def _call_name(self, toks, i):
        """The dotted name that ends at token i when it is called there (`a.b(`), else None."""
        if toks[i].kind != "name" or i + 1 >= len(toks) or toks[i + 1].text != "(":
            return None
        name, j = toks[i].text, i
        while j >= 2 and toks[j - 1].text == "." and toks[j - 2].kind == "name":
            name, j = toks[j - 2].text + "." + name, j - 2
        return name

    def mutate_builtin(self, rng, mutant):
        def other(toks, i):
            name = self._call_name(toks, i)
            return name if name in self.builtin_arity else None
        found = self._token_sites(rng, mutant, lambda toks, i: other(toks, i) is not None)
        if not found:
            return False
        mi, toks, sites = found
        i = rng.choice(sites)
        name = other(toks, i)
        replacement = rng.choice(self.arities[self.builtin_arity[name]])
        if replacement == name:
            return False
        dotted = name.count(".")
        toks[i - 2 * dotted: i + 1] = [src.Token("replaced", replacement)]
        mutant.modules[mi] = src.render(toks)
        return True

    # -- documents ---------------------------------------------------------------------

    @staticmethod
    def _nodes(doc, path=()):
        """(path, value) of every value in a JSON document, the root first."""
        yield path, doc
        if isinstance(doc, dict):
            for k, v in doc.items():
                yield from MutationGenerator._nodes(v, path + (k,))
        elif isinstance(doc, list):
            for k, v in enumerate(doc):
                yield from MutationGenerator._nodes(v, path + (k,))

    @staticmethod
    def _set(doc, path, value):
        if not path:
            return value
        parent = doc
        for k in path[:-1]:
            parent = parent[k]
        parent[path[-1]] = value
        return doc

    def _perturb(self, rng, doc, how, is_data):
        """The document perturbed (a copy), or None when it offers no place for `how`."""
        doc = copy.deepcopy(doc)
        nodes = list(self._nodes(doc))
        if how == "drop":
            places = [(p, v) for p, v in nodes if isinstance(v, (dict, list)) and v]
            if not places:
                return None
            path, value = rng.choice(places)
            del value[rng.choice(list(value)) if isinstance(value, dict) else rng.randrange(len(value))]
            return doc
        # Data stays an object at its root (OPA's store is one).
        places = [(p, v) for p, v in nodes if p or not is_data]
        if how == "empty":
            places = [(p, v) for p, v in places if isinstance(v, (dict, list)) and v] or places
        if not places:
            return None
        path, value = rng.choice(places)
        if how == "retype":
            new = rng.choice([v for v in JSON_VALUES if type(v) is not type(value)])
        elif how == "deepen":
            new = rng.choice([{"a": value}, [value], {"x": {"y": value}}])
        else:
            new = type(value)() if isinstance(value, (dict, list)) else rng.choice([{}, [], "", 0, None])
        return self._set(doc, path, copy.deepcopy(new))

    def _mutate_input(self, rng, mutant, how):
        if mutant.input is ABSENT:
            mutant.input = copy.deepcopy(rng.choice(JSON_VALUES[-6:]))
            return True
        new = self._perturb(rng, mutant.input, how, False)
        if new is None:
            return False
        mutant.input = new
        return True

    def _mutate_data(self, rng, mutant, how):
        new = self._perturb(rng, mutant.data, how, True)
        if new is None:
            return False
        mutant.data = new
        return True

    def mutate_input_drop(self, rng, mutant):
        return self._mutate_input(rng, mutant, "drop")

    def mutate_input_retype(self, rng, mutant):
        return self._mutate_input(rng, mutant, "retype")

    def mutate_input_deepen(self, rng, mutant):
        return self._mutate_input(rng, mutant, "deepen")

    def mutate_input_empty(self, rng, mutant):
        return self._mutate_input(rng, mutant, "empty")

    def mutate_data_drop(self, rng, mutant):
        return self._mutate_data(rng, mutant, "drop")

    def mutate_data_retype(self, rng, mutant):
        return self._mutate_data(rng, mutant, "retype")

    def mutate_data_deepen(self, rng, mutant):
        return self._mutate_data(rng, mutant, "deepen")

    def mutate_data_empty(self, rng, mutant):
        return self._mutate_data(rng, mutant, "empty")

    # -- rules and body expressions ------------------------------------------------------

    def _module_with(self, rng, mutant, has):
        """(index, Module) of a random module where `has(module)` holds, or None."""
        order = list(range(len(mutant.modules)))
        rng.shuffle(order)
        for mi in order:
            module = src.Module(mutant.modules[mi])
            if has(module):
                return mi, module
        return None

    def _rules(self, rng, mutant, least=1):
        return self._module_with(rng, mutant, lambda m: len(m.statements) >= least)

    def mutate_rule_duplicate(self, rng, mutant):
        found = self._rules(rng, mutant)
        if not found:
            return False
        mi, module = found
        statement = rng.choice(module.statements)
        module.statements.insert(rng.randrange(len(module.statements) + 1), list(statement))
        mutant.modules[mi] = module.render()
        return True

    def mutate_rule_delete(self, rng, mutant):
        found = self._rules(rng, mutant)
        if not found:
            return False
        mi, module = found
        del module.statements[rng.randrange(len(module.statements))]
        mutant.modules[mi] = module.render()
        return True

    def mutate_rule_reorder(self, rng, mutant):
        found = self._rules(rng, mutant, least=2)
        if not found:
            return False
        mi, module = found
        before = list(module.statements)
        rng.shuffle(module.statements)
        mutant.modules[mi] = module.render()
        return module.statements != before

    def _body(self, rng, mutant):
        found = self._module_with(rng, mutant, lambda m: m.body_lines())
        if not found:
            return None
        mi, module = found
        return mi, module, module.body_lines()

    def mutate_expr_duplicate(self, rng, mutant):
        found = self._body(rng, mutant)
        if not found:
            return False
        mi, module, lines = found
        si, li = rng.choice(lines)
        statement = module.statements[si]
        statement.insert(rng.choice([li for s, li in lines if s == si]), statement[li])
        mutant.modules[mi] = module.render()
        return True

    def mutate_expr_delete(self, rng, mutant):
        found = self._body(rng, mutant)
        if not found:
            return False
        mi, module, lines = found
        si, li = rng.choice(lines)
        del module.statements[si][li]
        mutant.modules[mi] = module.render()
        return True

    def mutate_expr_reorder(self, rng, mutant):
        found = self._body(rng, mutant)
        if not found:
            return False
        mi, module, lines = found
        si, li = rng.choice(lines)
        others = [l for s, l in lines if s == si and l != li]
        if not others:
            return False
        lj = rng.choice(others)
        statement = module.statements[si]
        statement[li], statement[lj] = statement[lj], statement[li]
        mutant.modules[mi] = module.render()
        return True

    def mutate_not(self, rng, mutant):
        """`not` put before a body expression, or taken from one that has it."""
        found = self._body(rng, mutant)
        if not found:
            return False
        mi, module, lines = found
        si, li = rng.choice(lines)
        line = module.statements[si][li]
        pad, text = src.indentation(line), line.strip()
        module.statements[si][li] = pad + (text[4:] if text.startswith("not ") else "not " + text)
        mutant.modules[mi] = module.render()
        return True

    def mutate_else(self, rng, mutant):
        """An `else` after a rule whose last line closes its body: a constant, or a body
        of one expression taken from the module."""
        found = self._module_with(rng, mutant, lambda m: any(s[-1].rstrip().endswith("}") for s in m.statements))
        if not found:
            return False
        mi, module = found
        si = rng.choice([i for i, s in enumerate(module.statements) if s[-1].rstrip().endswith("}")])
        value = rng.choice(sum(CONSTANTS.values(), []))
        bodies = [module.statements[s][l].strip() for s, l in module.body_lines()]
        tail = f" else := {value}"
        if bodies and rng.random() < 0.5:
            tail += f" if {{ {rng.choice(bodies)} }}"
        module.statements[si][-1] = module.statements[si][-1].rstrip() + tail
        mutant.modules[mi] = module.render()
        return True

    def mutate_default(self, rng, mutant):
        """A `default` for a rule of the module (a function's with `_` for each parameter)."""
        found = self._rules(rng, mutant)
        if not found:
            return False
        mi, module = found
        si = rng.randrange(len(module.statements))
        name, params = src.statement_name(module.statements[si])
        if not name or name in ("default", "import", "package"):
            return False
        if params:
            name += "(" + ", ".join("_" for _ in params[1:-1].split(",")) + ")"
        value = rng.choice(sum(CONSTANTS.values(), []))
        module.statements.insert(si + rng.randrange(2), [f"default {name} := {value}"])
        mutant.modules[mi] = module.render()
        return True

    def mutate_with(self, rng, mutant):
        """`with input… as` or `with data… as` a constant, after a body expression."""
        found = self._body(rng, mutant)
        if not found:
            return False
        mi, module, lines = found
        si, li = rng.choice(lines)
        line = module.statements[si][li].rstrip()
        if "#" in line or line.strip().startswith("some "):
            return False
        target = rng.choice(["input", "input.a", "input.x.y"] +
                            ["data." + ".".join(str(k) for k in p) for p, _ in self._nodes(mutant.data)
                             if p and all(isinstance(k, str) and re.fullmatch(r"[A-Za-z_]\w*", k) for k in p)][:6])
        module.statements[si][li] = f"{line} with {target} as {rng.choice(sum(CONSTANTS.values(), []))}"
        mutant.modules[mi] = module.render()
        return True

    def _donor(self, rng):
        """A random module of a random case, cut into statements."""
        return src.Module(rng.choice(self.donors))

    def mutate_splice_rule(self, rng, mutant):
        donor = self._donor(rng)
        if not donor.statements or not mutant.modules:
            return False
        mi = rng.randrange(len(mutant.modules))
        module = src.Module(mutant.modules[mi])
        module.statements.insert(rng.randrange(len(module.statements) + 1), list(rng.choice(donor.statements)))
        mutant.modules[mi] = module.render()
        return True

    def mutate_splice_expr(self, rng, mutant):
        donor = self._donor(rng)
        donated = donor.body_lines()
        found = self._body(rng, mutant)
        if not donated or not found:
            return False
        ds, dl = rng.choice(donated)
        mi, module, lines = found
        si, li = rng.choice(lines)
        statement = module.statements[si]
        statement.insert(li + rng.randrange(2), src.indentation(statement[li]) + donor.statements[ds][dl].strip())
        mutant.modules[mi] = module.render()
        return True


def main():
    """Print a few mutants of a seed (to see what the generator writes)."""
    import argparse
    import random
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=5)
    ap.add_argument("--kind", choices=KINDS, action="append")
    args = ap.parse_args()
    gen, rng = MutationGenerator(), random.Random(args.seed)
    for n in range(args.count):
        m = gen.random_mutant(rng, args.kind)
        print(f"=== mutant #{n + 1} of {m.case_id}: {', '.join(m.kinds)}")
        for name, text in m.named_modules():
            print(f"--- {name}\n{text}")
        print(f"--- data {json.dumps(m.data, default=str)}")
        print(f"--- input {'(none)' if m.input is ABSENT else json.dumps(m.input, default=str)}")
        print(f"--- query {m.query}")


if __name__ == "__main__":
    main()
