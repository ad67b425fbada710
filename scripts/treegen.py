"""A second random Rego v1 generator for scripts/differential.py, built unlike
scripts/regogen.py so that it reaches shapes that one never writes.

regogen.py grows a policy line by line from a few fixed literal forms over numbers.
This one grows typed expression trees: it asks for "a term of kind K" (number, string,
boolean, null, array, set, object, any) at some depth and picks among every way the
language has to make one — literals of every kind (decimals, big integers, escapes,
raw strings, nested collections), refs into input, data, rules, literals and locals,
operators, builtin calls, user function calls, comprehensions — and it writes rules
in every head form (complete, `else` chains, defaults, partial sets and objects, ref
heads, functions with several clauses and constant arguments), bodies with
destructuring, `some … in`, `every`, `not`, `with`, and several modules that import
one another. Queries ask for whole documents, single rules (bare refs whose value may
be `false`), calls, bare comparisons and iterations.

It does not try to stay inside what the VM supports: what OPA accepts is the contract.
Each generated policy carries the list of features it used, so a disagreement can be
counted per feature (`--features` in differential.py prints the table).
Deterministic for a given random.Random. Standard library only.
"""
import json
import re

from treegen_shapes import SHAPE_FEATURES, ShapeGenerator  # noqa: F401 (re-exported for differential.py)
from treegen_text_shapes import TEXT_SHAPE_FEATURES, TextShapeGenerator  # noqa: F401 (re-exported likewise)

KINDS = ["num", "str", "bool", "null", "arr", "set", "obj"]

INTS = [0, 1, 2, 3, -1, 7, 10, 100, -42]
DECIMALS = [0.1, 0.2, 0.3, 0.5, 1.5, 2.25, -0.7, 1e-3, 3.14159]
BIG = [12345678901234567890, -9223372036854775809, 9007199254740993, 18446744073709551616]
EXPONENTS = ["1e2", "2.5e-3", "1E3", "1e21", "-3e0"]
STRINGS = ["a", "b", "ab", "", "Zed", "a-b", "x.y", "é", "日本", "a b", "tab\\tx", "q\\\"q", "\\u00e9"]

# name: (argument kinds, result kind). Kinds as above; "coll" is arr|set|obj, "any" anything.
BUILTINS = {
    "count": (["coll"], "num"), "sum": (["numcoll"], "num"), "product": (["numcoll"], "num"),
    "max": (["numcoll"], "num"), "min": (["numcoll"], "num"), "sort": (["numcoll"], "arr"),
    "abs": (["num"], "num"), "round": (["num"], "num"), "ceil": (["num"], "num"), "floor": (["num"], "num"),
    "to_number": (["str|num"], "num"), "format_int": (["num", "base"], "str"),
    "numbers.range": (["smallint", "smallint"], "arr"),
    "concat": (["str", "strcoll"], "str"), "lower": (["str"], "str"), "upper": (["str"], "str"),
    "split": (["str", "str"], "arr"), "replace": (["str", "str", "str"], "str"),
    "substring": (["str", "smallint", "smallint"], "str"), "indexof": (["str", "str"], "num"),
    "trim": (["str", "str"], "str"), "trim_space": (["str"], "str"), "trim_prefix": (["str", "str"], "str"),
    "trim_suffix": (["str", "str"], "str"), "strings.reverse": (["str"], "str"),
    "startswith": (["str", "str"], "bool"), "endswith": (["str", "str"], "bool"), "contains": (["str", "str"], "bool"),
    "sprintf": (["fmt", "arr"], "str"),
    "array.concat": (["arr", "arr"], "arr"), "array.slice": (["arr", "smallint", "smallint"], "arr"),
    "array.reverse": (["arr"], "arr"),
    "object.get": (["obj", "any", "any"], "any"), "object.keys": (["obj"], "set"),
    "object.remove": (["obj", "strcoll"], "obj"), "object.union": (["obj", "obj"], "obj"),
    "object.filter": (["obj", "strcoll"], "obj"),
    "union": (["setofsets"], "set"), "intersection": (["setofsets"], "set"),
    "json.marshal": (["any"], "str"), "json.is_valid": (["str"], "bool"),
    "base64.encode": (["str"], "str"), "type_name": (["any"], "str"),
    "is_number": (["any"], "bool"), "is_string": (["any"], "bool"), "is_array": (["any"], "bool"),
    "is_set": (["any"], "bool"), "is_object": (["any"], "bool"), "is_null": (["any"], "bool"),
    "is_boolean": (["any"], "bool"),
    "regex.match": (["regex", "str"], "bool"), "glob.match": (["glob", "globdelims", "str"], "bool"),
    "semver.compare": (["semver", "semver"], "num"), "units.parse_bytes": (["bytes"], "num"),
    "regex.find_n": (["regex", "str", "smallint"], "arr"),
    "strings.replace_n": (["strmap", "str"], "str"), "object.subset": (["obj", "obj"], "bool"),
    "crypto.sha256": (["str"], "str"),
    "strings.any_prefix_match": (["str", "str"], "bool"), "array.flatten": (["arr"], "arr"),
}
# Builtins OPA has and the VM does not (none since the builtin families landed); the
# feature `builtin-outside-vm` draws them.
OUTSIDE_VM_BUILTINS = {}
BUILTINS.update(OUTSIDE_VM_BUILTINS)
RESULT_BUILTINS = {}
for _name, (_args, _res) in BUILTINS.items():
    RESULT_BUILTINS.setdefault(_res, []).append(_name)


NUMBER_LITERAL = re.compile(r"-?[0-9][0-9.eE+-]*")
# Features whose programs meet a difference from OPA the README lists as known: off
# unless asked for (differential.py --tree-known), so a run finds what is not known.
# `raising-spelling` raises in both engines, so often that two definitions of one rule
# raise different errors; which is reported was a known difference until the VM followed
# OPA's index order (RuleSetCompiler+TryOrder). With it on, seeds 20261121, 1 and 2 meet
# no disagreement; it stays off only because turning it on reshuffles the CI seed's
# programs (and with them scripts/differential_known.json).
KNOWN_DIFFERENCE_FEATURES = ["number-head-key", "unprintable-number", "raising-spelling"]


def lit(v):
    return json.dumps(v, ensure_ascii=False)


class Scope:
    """Variables bound so far, by kind."""

    def __init__(self, parent=None):
        self.vars = dict(parent.vars) if parent else {}
        self.counter = parent.counter if parent else [0]
        self.declared = []  # names introduced by `some`/`every`, which OPA wants used

    def fresh(self, kind):
        self.counter[0] += 1
        name = f"v{self.counter[0]}"
        self.vars[name] = kind
        return name

    def declare(self, kind):
        name = self.fresh(kind)
        self.declared.append(name)
        return name

    def used(self, literals, *others):
        """`literals` plus one that uses every declared name nothing else mentions (OPA
        rejects a declared but unused variable at compile time)."""
        text = "\n".join(list(literals) + list(others))
        unused = [n for n in self.declared if len(re.findall(rf"\b{n}\b", text)) < 2]
        self.declared = []
        return list(literals) + ([f"_ = [{', '.join(unused)}]"] if unused else [])

    def of(self, kind):
        return [n for n, k in self.vars.items() if k == kind or kind == "any"]


class TreeGenerator(ShapeGenerator, TextShapeGenerator):
    def __init__(self, rng, max_depth=3, disabled=()):
        self.rng = rng
        self.max_depth = max_depth
        self.disabled = set(disabled)
        self.rules = []      # (path text, kind, arity or None)
        self.features = set()

    def chance(self, p):
        return self.rng.random() < p

    def use(self, feature):
        self.features.add(feature)

    def may(self, feature, p=1.0):
        """Whether to use an optional feature now (never when it is disabled)."""
        return feature not in self.disabled and self.rng.random() < p

    # ---- literals ------------------------------------------------------------------
    def number_literal(self):
        r = self.rng.random()
        if 0.5 <= r < 0.75 and self.may("decimal"):
            self.use("decimal")
            return repr(self.rng.choice(DECIMALS))
        if 0.75 <= r < 0.87 and self.may("bigint"):
            self.use("bigint")
            return str(self.rng.choice(BIG))
        if 0.87 <= r and self.may("exponent"):
            self.use("exponent")
            return self.rng.choice(EXPONENTS)
        return lit(self.rng.choice(INTS))

    def string_literal(self):
        s = self.rng.choice(STRINGS)
        if self.may("raw-string", 0.1) and "\\" not in s and "`" not in s:
            self.use("raw-string")
            return "`" + s + "`"
        return '"' + s + '"'

    # ---- terms ---------------------------------------------------------------------
    def term(self, kind, s, depth=0):
        """An expression whose value is (most likely) of `kind`."""
        if kind == "any":
            kind = self.rng.choice(KINDS)
        leaf = depth >= self.max_depth or self.chance(0.3)
        options = [self.local, self.input_ref, self.data_ref, self.literal]
        if not leaf:
            options += [self.composite, self.operator, self.builtin_call, self.rule_ref, self.rule_ref,
                        self.comprehension, self.literal_ref, self.shape_term]
        for _ in range(6):
            t = self.rng.choice(options)(kind, s, depth)
            if t is not None:
                return t
        return self.literal(kind, s, depth)

    def literal(self, kind, s, depth):
        if kind == "num":
            return self.number_literal()
        if kind == "str":
            return self.string_literal()
        if kind == "bool":
            return self.rng.choice(["true", "false"])
        if kind == "null":
            return "null"
        if depth >= self.max_depth:
            return {"arr": "[]", "set": "set()", "obj": "{}"}[kind]
        return self.composite(kind, s, depth)

    def composite(self, kind, s, depth):
        n = self.rng.randint(0, 3)
        if kind == "arr":
            return "[" + ", ".join(self.term(self.rng.choice(["num", "str", "any"]), s, depth + 1) for _ in range(n)) + "]"
        if kind == "set":
            if n == 0:
                return "set()"
            elems = [self.term(self.rng.choice(["num", "str", "any"]), s, depth + 1) for _ in range(n)]
            if self.may("set-literal-starting-with-expression", 0.2):
                self.use("set-literal-starting-with-expression")
                elems[0] = f"{self.term('set', s, depth + 1)} | {self.term('set', s, depth + 1)}"
            return "{" + ", ".join(elems) + "}"
        if kind == "obj":
            keys = self.rng.sample(["a", "b", "k", "name", "x y", "é"], n)
            items = [f"{lit(k)}: {self.term('any', s, depth + 1)}" for k in keys]
            if self.may("non-string-object-key", 0.15) and items:
                self.use("non-string-object-key")
                items.append(f"{self.number_literal()}: {self.term('any', s, depth + 1)}")
            trailing = "," if items and self.chance(0.1) else ""
            return "{" + ", ".join(items) + trailing + "}"
        return None

    def local(self, kind, s, depth):
        names = s.of(kind)
        return self.rng.choice(names) if names else None

    def input_ref(self, kind, s, depth):
        refs = {"num": ["input.n", "input.amount", "input.big", "input.user.age", "input.items[0].price",
                        "count(input.items)"],
                "str": ["input.s", "input.user.name", "input.user.roles[0]", "input.items[1].id"],
                "bool": ["input.flag", "input.user.admin"],
                "null": ["input.nothing"],
                "arr": ["input.xs", "input.items", "input.user.roles"],
                "set": ["{r | some r in input.user.roles}"],
                "obj": ["input.user", "input.limits", "input"]}[kind]
        return self.rng.choice(refs)

    def data_ref(self, kind, s, depth):
        refs = {"num": ["data.limits.max", "data.limits.ratio", "data.prices[2]"],
                "str": ["data.names[0]", "data.roles.admin[0]"],
                "bool": ["data.enabled"],
                "arr": ["data.names", "data.prices"],
                "obj": ["data.limits", "data.roles"]}.get(kind)
        return self.rng.choice(refs) if refs else None

    def literal_ref(self, kind, s, depth):
        """A reference into a literal collection (OPA's type checker knows its shape)."""
        if not self.may("ref-into-literal"):
            return None
        self.use("ref-into-literal")
        if kind == "num":
            return self.rng.choice(['{"a": 1, "b": 2.5}.a', "[3, 1, 2][1]", '{"a": {"b": 7}}.a.b'])
        if kind == "str":
            return self.rng.choice(['["x", "y"][0]', '{"k": "v"}["k"]'])
        return None

    def rule_ref(self, kind, s, depth):
        fitting = [(p, k, a) for p, k, a in self.rules if (k == kind or kind == "any")]
        if not fitting:
            return None
        path, _, arity = self.rng.choice(fitting)
        if arity is None:
            return path
        self.use("function-call")
        return f"{path}(" + ", ".join(self.term("num", s, depth + 1) for _ in range(arity)) + ")"

    def operator(self, kind, s, depth):
        if kind == "num":
            op = self.rng.choice(["+", "-", "*", "/", "%"])
            if op == "/":
                self.use("division")
            return f"({self.term('num', s, depth + 1)} {op} {self.term('num', s, depth + 1)})"
        if kind == "bool":
            r = self.rng.random()
            if r < 0.5:
                k = self.rng.choice(["num", "num", "str", "any"])
                op = self.rng.choice(["==", "!=", "<", "<=", ">", ">="])
                return f"({self.term(k, s, depth + 1)} {op} {self.term(k, s, depth + 1)})"
            self.use("membership")
            if r < 0.8 or not self.may("key-value-membership"):
                return f"({self.term('any', s, depth + 1)} in {self.term(self.rng.choice(['arr', 'set', 'obj']), s, depth + 1)})"
            self.use("key-value-membership")
            return f"({self.term('any', s, depth + 1)}, {self.term('any', s, depth + 1)} in {self.term('obj', s, depth + 1)})"
        if kind == "set":
            self.use("set-operator")
            return f"({self.term('set', s, depth + 1)} {self.rng.choice(['|', '&', '-'])} {self.term('set', s, depth + 1)})"
        return None

    def argument(self, kind, s, depth):
        fixed = {"base": lambda: self.rng.choice(["2", "8", "10", "16"]),
                 "smallint": lambda: str(self.rng.randint(-1, 5)),
                 "fmt": lambda: lit(self.rng.choice(["%v", "%d", "%s-%v", "%.2f", "%x", "%v %v"])),
                 "regex": lambda: lit(self.rng.choice(["^a", "b+$", "[0-9]+", "(a|b)c", "é"])),
                 "glob": lambda: lit(self.rng.choice(["a*", "*.y", "?b", "**"])),
                 "globdelims": lambda: self.rng.choice(["[]", '["."]', "null"]),
                 "semver": lambda: lit(self.rng.choice(["1.0.0", "1.2.3", "2.0.0-rc.1", "1.2.3+b"])),
                 "bytes": lambda: lit(self.rng.choice(["10KB", "1.5MiB", "7", "3kb", "0.5G"])),
                 "strmap": lambda: lit({"a": "A", "b": ""}),
                 "setofsets": lambda: "{" + ", ".join(self.term("set", s, depth + 1) for _ in range(2)) + "}"}
        if kind in fixed:
            return fixed[kind]()
        if kind == "coll":
            return self.term(self.rng.choice(["arr", "set", "obj"]), s, depth + 1)
        if kind == "numcoll":
            return self.rng.choice(["input.xs", "data.prices", "[1, 2.5, 3]", "{1, 2, 3}", "[]", "numbers.range(1, 4)"])
        if kind == "strcoll":
            return self.rng.choice(['["a", "b"]', '{"k"}', "input.user.roles", "[]"])
        if kind == "str|num":
            return self.term(self.rng.choice(["str", "num"]), s, depth + 1) if self.chance(0.3) else \
                lit(self.rng.choice(["1", "2.5", "-3", "1e3", "0.1"]))
        return self.term(kind, s, depth + 1)

    def builtin_call(self, kind, s, depth):
        names = RESULT_BUILTINS.get(kind, []) + (RESULT_BUILTINS["any"] if self.chance(0.2) else [])
        if not names:
            return None
        name = self.rng.choice(names)
        if name in OUTSIDE_VM_BUILTINS:
            if not self.may("builtin-outside-vm"):
                return None
            self.use("builtin-outside-vm")
        self.use("builtin:" + name)
        args, _ = BUILTINS[name]
        return f"{name}(" + ", ".join(self.argument(a, s, depth) for a in args) + ")"

    def comprehension(self, kind, s, depth):
        if kind not in ("arr", "set", "obj"):
            return None
        inner = Scope(s)
        coll = self.term(self.rng.choice(["arr", "set", "obj"]), s, depth + 1)
        if kind == "obj" or self.chance(0.3):
            k, v = inner.declare("any"), inner.declare("any")
            src = f"some {k}, {v} in {coll}"
        else:
            v = inner.declare("any")
            k = None
            src = f"some {v} in {coll}"
        body = [src] + [self.literal_(inner, depth + 1) for _ in range(self.rng.randint(0, 2))]
        self.use("comprehension-" + kind)
        if kind == "arr":
            head = v
        elif kind == "set":
            head = v
        else:
            head = f"{k if k and self.chance(0.5) else f'json.marshal({v})'}: {v}"
        body = "; ".join(inner.used(body, head))
        return f"[{head} | {body}]" if kind == "arr" else f"{{{head} | {body}}}"

    # ---- body literals ---------------------------------------------------------------
    def literal_(self, s, depth=0):
        if self.chance(0.1):
            shaped = self.shape_literal(s, depth)
            if shaped is not None:
                return shaped
        r = self.rng.random()
        if r < 0.22:
            return self.term("bool", s, depth)
        if r < 0.36:
            kind = self.rng.choice(KINDS)
            rhs = self.term(kind, s, depth)
            return f"{s.fresh(kind)} := {rhs}"
        if r < 0.44:
            coll = self.term(self.rng.choice(["arr", "set"]), s, depth)
            return f"some {s.declare('any')} in {coll}"
        if r < 0.5:
            coll = self.term(self.rng.choice(["arr", "obj"]), s, depth)
            k, v = s.declare("any"), s.declare("any")
            return f"some {k}, {v} in {coll}"
        if r < 0.55:
            self.use("ref-iteration")
            coll = self.term('arr', s, depth)
            k = s.declare("any")
            return f"some {k}; {coll}[{k}]"
        if r < 0.62:
            self.use("destructuring")
            a, b = s.fresh("any"), s.fresh("any")
            if self.chance(0.5):
                return f"[{a}, {b}] := [{self.term('any', s, depth)}, {self.term('any', s, depth)}]"
            return f'{{"p": {a}, "q": {b}}} = {{"p": {self.term("any", s, depth)}, "q": {self.term("any", s, depth)}}}'
        if r < 0.72:
            self.use("not")
            return "not " + self.term("bool", s, depth)
        if r < 0.78:
            self.use("every")
            coll = self.term(self.rng.choice(["arr", "set", "obj"]), s, depth)
            inner = Scope(s)
            if self.chance(0.5):
                x = inner.declare("any")
                head = f"every {x} in {coll}"
            else:
                k, x = inner.declare("any"), inner.declare("any")
                head = f"every {k}, {x} in {coll}"
            lits = "; ".join(inner.used([self.literal_(inner, depth + 1) for _ in range(self.rng.randint(1, 2))]))
            return f"{head} {{ {lits} }}"
        if r < 0.84 and self.rules:
            self.use("with")
            target = self.rng.choice(["input.n", "input.s", "input.user", "data.limits.max", "input"])
            kind = {"input.n": "num", "input.s": "str", "input.user": "obj", "data.limits.max": "num", "input": "obj"}[target]
            ref = self.rule_ref("any", s, depth)
            if ref is None:
                return self.term("bool", s, depth)
            return f"{s.fresh('any')} := {ref} with {target} as {self.term(kind, Scope(s), self.max_depth - 1)}"
        if r < 0.88:
            self.use("unification")
            return f"{s.fresh('any')} = {self.term('any', s, depth)}"
        kind = self.rng.choice(["num", "str"])
        return f"{self.term(kind, s, depth)} {self.rng.choice(['==', '!=', '<', '>='])} {self.term(kind, s, depth)}"

    def body(self, s, n=None):
        return [self.literal_(s) for _ in range(n if n is not None else self.rng.randint(1, 4))]

    @staticmethod
    def block(body, s, *heads):
        body = s.used(body, *heads)
        if len(body) == 1 and len(body[0]) < 40:
            return "{ " + body[0] + " }"
        return "{\n" + "".join(f"\t{b}\n" for b in body) + "}"

    # ---- rules ---------------------------------------------------------------------------
    def rule(self, i, pkg):
        name = f"r{i}"
        path = f"data.{pkg}.{name}"
        r = self.rng.random()
        s = Scope()
        kind = self.rng.choice(KINDS)
        if r >= 0.78 and self.chance(0.5):
            shaped = self.shape_rule(name, path, kind)
            if shaped is not None:
                return shaped
        if r < 0.22:
            body = self.body(s)
            value = self.term(kind, s)
            lines = []
            if self.chance(0.3):
                self.use("default")
                lines.append(f"default {name} := {self.constant_term(kind)}")
            head = f"{name} := {value} if {self.block(body, s, value)}"
            if self.chance(0.3):
                self.use("else")
                s2 = Scope()
                body2 = self.body(s2)
                value2 = self.term(kind, s2)
                head += f" else := {value2} if {self.block(body2, s2, value2)}"
                if self.chance(0.5):
                    head += f" else := {self.literal(kind, Scope(), 1)}"
            lines.append(head)
            self.rules.append((path, kind, None))
            return lines
        if r < 0.32:
            self.use("constant-rule")
            value = self.term(kind, s)
            self.rules.append((path, kind, None))
            return [f"{name} := {value}"]
        if r < 0.42:
            lines = [f"{name} if {self.block(self.body(s), s)}"]
            if self.chance(0.4):
                self.use("default")
                lines.insert(0, f"default {name} := false")
            if self.chance(0.4):
                s2 = Scope()
                lines.append(f"{name} if {self.block(self.body(s2), s2)}")
            self.rules.append((path, "bool", None))
            return lines
        if r < 0.57:
            lines = []
            for _ in range(self.rng.randint(1, 2)):
                s2 = Scope()
                body = self.body(s2)
                value = self.term(self.rng.choice(['num', 'str', 'any']), s2)
                lines.append(f"{name} contains {value} if {self.block(body, s2, value)}")
            self.rules.append((path, "set", None))
            return lines
        if r < 0.7:
            self.use("partial-object")
            lines = []
            for _ in range(self.rng.randint(1, 2)):
                s2 = Scope()
                body = self.body(s2)
                key = self.term(self.rng.choice(["str", "num"]), s2)
                if NUMBER_LITERAL.fullmatch(key):
                    # A constant number key: OPA's rule tree knows it by its spelling
                    # (README, known differences), so only the feature writes one.
                    if not self.may("number-head-key"):
                        key = lit(key)
                    else:
                        self.use("number-head-key")
                value = self.term('any', s2)
                lines.append(f"{name}[{key}] := {value} if {self.block(body, s2, key, value)}")
            self.rules.append((path, "obj", None))
            return lines
        if r < 0.78:
            self.use("ref-head")
            sub = self.rng.choice(["a.b", "a.c", "x"])
            body = self.body(s)
            value = self.term(kind, s)
            self.rules.append((f"{path}.{sub}", kind, None))
            return [f"{name}.{sub} := {value} if {self.block(body, s, value)}"]
        # functions: several clauses, constant arguments, boolean functions, else
        arity = self.rng.randint(1, 2)
        lines = []
        for clause in range(self.rng.randint(1, 3)):
            s2 = Scope()
            params = []
            for _ in range(arity):
                if self.may("constant-function-argument", 0.25):
                    self.use("constant-function-argument")
                    arg = self.number_literal() if self.chance(0.7) else self.string_literal()
                    if arg.startswith("-"):
                        if not self.may("negative-head-argument"):
                            arg = arg[1:]
                        else:
                            self.use("negative-head-argument")
                    params.append(arg)
                else:
                    params.append(s2.fresh("num"))
            body = self.body(s2, self.rng.randint(0 if "bodyless-function-head" not in self.disabled else 1, 2))
            head = f"{name}({', '.join(params)})"
            if kind == "bool" and self.chance(0.5):
                self.use("boolean-function")
                lines.append(head + (f" if {self.block(body, s2)}" if body else ""))
                if not body:
                    self.use("bodyless-function-head")
            else:
                value = self.term(kind, s2)
                lines.append(f"{head} := {value}" + (f" if {self.block(body, s2, value)}" if body else ""))
        self.rules.append((path, kind, arity))
        return lines

    def module(self, pkg, first, count, imports):
        lines = []
        for i in range(first, first + count):
            lines += self.rule(i, pkg)
        head = f"package {pkg}\n\nimport rego.v1\n" + "".join(f"import {i}\n" for i in imports)
        return head + "\n" + "\n\n".join(lines) + "\n"

    def policy(self):
        """[(file name, source)] — one or two modules."""
        modules = []
        if self.chance(0.3):
            self.use("second-module")
            modules.append(("lib.rego", self.module("gen.lib", 100, self.rng.randint(1, 3), [])))
        modules.append(("gen.rego", self.module("gen", 0, self.rng.randint(2, 6),
                                                ["data.gen.lib"] if modules and self.chance(0.5) else [])))
        return modules

    def queries(self):
        qs = ["x := data.gen"]
        for path, kind, arity in self.rules:
            if arity is None:
                qs.append(f"x := {path}")
                if self.may("bare-query"):
                    self.use("bare-query")
                    qs.append(path)
            else:
                qs.append(f"x := {path}(" + ", ".join(self.number_literal() for _ in range(arity)) + ")")
        if self.may("bare-query"):
            qs.append(self.rng.choice(["1 == 2", "input.n > 1", "count(input.xs) == 3", "input.flag"]))
        return qs


def random_policy(rng, disabled=None):
    """(modules, queries, features); `disabled` names features never to use (by default
    those that meet a known difference from OPA)."""
    g = TreeGenerator(rng, disabled=KNOWN_DIFFERENCE_FEATURES if disabled is None else disabled)
    modules = g.policy()
    return modules, g.queries(), g.features


def random_input(rng):
    inp = {"n": rng.choice(INTS + DECIMALS), "amount": rng.choice(DECIMALS + [0.30000000000000004, 10]),
           "big": rng.choice(BIG + INTS), "s": rng.choice(["a", "ab", "é", ""]),
           "xs": [rng.choice(INTS + DECIMALS) for _ in range(rng.randint(0, 4))],
           "user": {"name": rng.choice(["ann", "bob", ""]), "age": rng.choice([17, 18, 65.5]),
                    "roles": rng.sample(["admin", "dev", "ops"], rng.randint(0, 3)), "admin": rng.random() < 0.5},
           "items": [{"id": f"i{i}", "price": rng.choice(DECIMALS + INTS), "qty": rng.randint(0, 3)}
                     for i in range(rng.randint(0, 3))],
           "limits": {"max": rng.choice([3, 0.3, 100])}, "flag": rng.random() < 0.5, "nothing": None}
    for key in list(inp):
        if rng.random() < 0.1:
            del inp[key]
    return inp


DATA = {"limits": {"max": 10, "ratio": 0.3}, "prices": [0.1, 0.2, 0.3, 19.99],
        "names": ["a", "b", "c"], "roles": {"admin": ["ann"], "dev": ["bob", "cy"]}, "enabled": True}
