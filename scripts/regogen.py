"""A grammar-based generator of small random Rego v1 policies over the subset the
embedded VM supports, and of inputs for them (used by scripts/differential.py).

Every policy is `package gen` with a handful of rules — complete rules (with defaults
and else chains), partial sets, partial objects and functions — whose bodies mix
comparisons, arithmetic, iteration (`some … in`, refs with unbound vars),
membership, `not`, `every`, comprehensions, unification, `with`, and builtins, and
(number_rule, at the end) rules that turn on OPA's numbers: decimal costs times
multipliers against limits they land on exactly, integers beyond 64 bits, repeating
quotients, sum/product/round/floor/ceil of decimals, 1 and 1.0 as one value. Bodies
only use bound variables, so most policies compile; the ones that do not must fail
the same way in both engines. A rule only refers to rules defined before it, so there
is no recursion. Deterministic for a given random.Random.

Features (FEATURES, one method `feature_<name>` each) add the shapes a held-out
generator found and this one missed (issue 15), with the queries that expose them:
function heads with no body (`f(1, x)`), negative literals in heads, set and array
literals that start with a set expression (`{{1} | {2}, {3}}`), object patterns
right after `if`, bare-expression queries whose value may be `false`, lookups of one
key of a partial object that conflicts at another key, and `with` replacing
functions and builtins; builtin_errors (regogen_errors) adds expressions that raise a
builtin error on some inputs, and some cases are compared with strict builtin errors off. `random_case` picks some of them per policy (or the ones
asked for); `scripts/differential.py --regogen-feature NAME` counts per feature.

Fixed VM issues this generator once steered around, and now exercises again:
`not <call>` over undefined operands, `_` under `not`, comprehension heads with
operators, body lines starting with `-`, negative head keys, user functions called
with an argument their body rules out (KNOWN-8: OPA's type checker infers parameter
types from the body; so does ours now, and the type-error mutations call them so).

Known VM issues the generator still steers around:
  KNOWN-10 OPA raises no error from a nested call when a reference to an undefined
           input in the same expression makes it undefined: `input.tags[0] - 2 != input.n`
           with no `input.n` is undefined in OPA and an eval_type_error here (minus on a
           string). A body line starting with `-` continues the previous expression and
           makes such shapes, so no body line starts with `-`. KNOWN-7 may be the same.
  KNOWN-9  a body that is one `a | b` expression (`m if { 2.5 | true }`) is a set
           comprehension to OPA (`{2.5 | true}` as the body's only term) and an `or` call
           to our parser, so the type-error mutations write operators as `y := a op b`.
  KNOWN-7  not yet reduced: a policy with `r1(v1) := v1 % 3 if {…}` called as
           `r1(0.5)`/`r1(2.5)` from other rules made the VM raise eval_builtin_error
           (rem on a float) where OPA answered without error (seed 20261121, random
           policy #27 before this rule). `2.5 % 3` alone errors in both. So `%` only
           takes integer literals.
"""
import json
import random

import regogen_errors

STRINGS = ["a", "b", "ab", "x", "", "Zed", "a-b"]
INTS = [-2, -1, 0, 1, 2, 3, 5, 10]


def lit(v):
    return json.dumps(v)


class Scope:
    """The variables bound so far in a body, by kind: num, str, arr (of nums), any."""

    def __init__(self, rng, parent=None):
        self.rng = rng
        self.vars = dict(parent.vars) if parent else {}
        self.n = parent.n if parent else 0

    def fresh(self, kind):
        self.n += 1
        name = f"v{self.n}"
        self.vars[name] = kind
        return name

    def pick(self, kind):
        names = [n for n, k in self.vars.items() if k == kind]
        return self.rng.choice(names) if names else None


class PolicyGenerator:
    def __init__(self, rng, features=(), side=None):
        self.rng = rng
        # Side features draw from here, so the main stream (and with it every policy and
        # input the other features make for a seed) stays as it was before them.
        self.side = side or random.Random(hash(rng.getstate()[1]))
        self.rules = []       # (name, kind) defined so far: kind in num, bool, set, obj, fn
        self.lines = []
        self.features = list(features)
        self.queries = []     # queries the features ask for, beside the package document

    # ---- terms -------------------------------------------------------------------
    def num(self, s, pure=False, lead=False):
        """A number term; `lead` (it starts a body line) keeps it from starting with `-`:
        such a line continues the previous expression (as in OPA): see KNOWN-10."""
        text = self._num(s, pure)
        return text.lstrip("-") if lead and text.startswith("-") else text

    def _num(self, s, pure):
        r = self.rng.random()
        v = s.pick("num")
        if v and r < 0.45:
            return v
        if pure or r < 0.6:
            return lit(self.rng.choice(INTS + [0.5, 2.5]))
        if r < 0.75:
            return self.rng.choice(["input.n", "input.m", "data.limit", "count(input.xs)", "count(data.names)"])
        if r < 0.85:
            fns = [n for n, k in self.rules if k == "fn"]
            if fns:
                return f"data.gen.{self.rng.choice(fns)}({self.num(s, pure=True)})"
        nums = [n for n, k in self.rules if k == "num"]
        if nums:
            return f"data.gen.{self.rng.choice(nums)}"
        return lit(self.rng.choice(INTS))

    def string(self, s, pure=False):
        v = s.pick("str")
        if v and self.rng.random() < 0.5:
            return v
        if pure or self.rng.random() < 0.5:
            return lit(self.rng.choice(STRINGS))
        return self.rng.choice(["input.name", "input.tags[0]", "data.names[1]", 'object.get(input, "name", "none")'])

    def collection(self, s):
        """An expression for a collection of numbers."""
        v = s.pick("arr")
        r = self.rng.random()
        if v and r < 0.3:
            return v
        if r < 0.55:
            return "input.xs"
        if r < 0.7:
            return lit([self.rng.choice(INTS) for _ in range(self.rng.randint(0, 4))])
        if r < 0.8:
            return "{" + ", ".join(lit(self.rng.choice(INTS)) for _ in range(self.rng.randint(1, 3))) + "}"
        sets = [n for n, k in self.rules if k == "set"]
        if sets and r < 0.9:
            return f"data.gen.{self.rng.choice(sets)}"
        return "[y | some y in input.xs; y > 0]"

    def arith(self, s):
        r = self.rng.random()
        a, b = self.num(s), self.num(s)
        if r < 0.5:
            return f"{self.num(s, lead=True)} {self.rng.choice(['+', '-', '*'])} {b}"
        if r < 0.6:
            return f"{a} / {self.rng.choice(['2', '4', '0.5'])}"
        if r < 0.65:  # KNOWN-7: `%` only on integers
            return f"{self.rng.choice(INTS)} % {self.rng.choice(['3', '2'])}"
        if r < 0.75:
            return f"{self.rng.choice(['sum', 'count', 'max', 'min'])}({self.collection(s)})"
        if r < 0.8:
            return f"abs({a})"
        if r < 0.85:
            return f"round({a} / 4)"
        return a

    # ---- body literals -----------------------------------------------------------
    def comparison(self, s, pure=False):
        if self.rng.random() < 0.7:
            op = self.rng.choice(["==", "!=", "<", "<=", ">", ">="])
            return f"{self.num(s, pure, lead=True)} {op} {self.num(s, pure)}"
        op = self.rng.choice(["==", "!=", "<", ">"])
        return f"{self.string(s, pure)} {op} {self.string(s, pure)}"

    def literal(self, s):
        r = self.rng.random()
        if r < 0.2:
            return self.comparison(s)
        if r < 0.35:
            rhs = self.arith(s)
            return f"{s.fresh('num')} := {rhs}"
        if r < 0.47:
            coll = self.collection(s)
            return f"some {s.fresh('num')} in {coll}"
        if r < 0.52:
            k, v = s.fresh("num"), s.fresh("num")
            return f"some {k}, {v} in input.xs"
        if r < 0.57:
            v = s.fresh("str")
            return f"some {v} in input.tags"
        if r < 0.62:
            k, v = s.fresh("str"), s.fresh("num")
            return f"{v} := input.obj[{k}]"
        if r < 0.68:
            return f"{self.num(s, lead=True)} in {self.collection(s)}"
        if r < 0.76:
            if self.rng.random() < 0.5:
                return "not " + self.comparison(s, pure=self.rng.random() < 0.5)
            return f"not {self.num(s, pure=True)} in {lit([self.rng.choice(INTS) for _ in range(3)])}"
        if r < 0.8:
            coll = self.collection(s)
            inner = Scope(self.rng, s)
            x = inner.fresh("num")
            s.n = inner.n
            op = self.rng.choice(["==", "!=", "<", ">="])
            return f"every {x} in {coll} {{ {x} {op} {self.num(inner)} }}"
        if r < 0.86:
            coll = self.collection(s)
            inner = Scope(self.rng, s)
            x = inner.fresh("num")
            cond = self.comparison(inner)
            s.n = inner.n
            kind = self.rng.random()
            if kind < 0.5:
                return f"{s.fresh('arr')} := [{x} | some {x} in {coll}; {cond}]"
            if kind < 0.8:
                return f"{s.fresh('arr')} := {{{x} | some {x} in {coll}; {cond}}}"
            return f"{s.fresh('any')} := {{{x}: {x} | some {x} in {coll}; {cond}}}"
        if r < 0.9:
            x, y = self.num(s), self.num(s)
            return f"[{s.fresh('num')}, {s.fresh('num')}] = [{x}, {y}]"
        if r < 0.94:
            fn = self.rng.choice([f"upper({self.string(s)})", f"concat(\"-\", [{self.string(s)}, {self.string(s)}])",
                                  f"sprintf(\"%v/%v\", [{self.num(s)}, {self.string(s)}])", f"trim({self.string(s)}, \"a\")"])
            return f"{s.fresh('str')} := {fn}"
        if r < 0.97:
            return self.rng.choice([f"startswith({self.string(s)}, {self.string(s, True)})",
                                    f"contains({self.string(s)}, {self.string(s, True)})", "input.flag",
                                    "not input.flag"])
        nums = [n for n, k in self.rules if k in ("num", "bool")]
        if nums:
            rhs = f"data.gen.{self.rng.choice(nums)} with input.n as {self.num(s, True)}"
            return f"{s.fresh('any')} := {rhs}"
        return self.comparison(s)

    def body(self, s, size=None):
        return [self.literal(s) for _ in range(size or self.rng.randint(1, 4))]

    # ---- rules -------------------------------------------------------------------
    def emit(self, head, body):
        self.lines.append(head + " if {\n" + "".join(f"\t{b}\n" for b in body) + "}")

    def rule(self, i):
        name = f"r{i}"
        if self.rng.random() < NUMBER_RULE_SHARE:
            self.rules.append((name, number_rule(self, name)))
            return
        r = self.rng.random()
        s = Scope(self.rng)
        if r < 0.3:
            if self.rng.random() < 0.4:
                self.lines.append(f"default {name} := {lit(self.rng.choice(INTS))}")
            body = self.body(s)
            value = self.num(s)
            if self.rng.random() < 0.3:
                s2 = Scope(self.rng)
                body2 = self.body(s2)
                self.lines.append(f"{name} := {value} if {{\n" + "".join(f"\t{b}\n" for b in body) + "} else := "
                                  + f"{self.num(s2)} if {{\n" + "".join(f"\t{b}\n" for b in body2) + "}")
            else:
                self.emit(f"{name} := {value}", body)
            self.rules.append((name, "num"))
        elif r < 0.45:
            self.emit(name, self.body(s))
            if self.rng.random() < 0.5:
                self.emit(name, self.body(Scope(self.rng)))
            self.rules.append((name, "bool"))
        elif r < 0.7:
            body = self.body(s)
            self.emit(f"{name} contains {self.num(s)}", body)
            if self.rng.random() < 0.4:
                s2 = Scope(self.rng)
                body2 = self.body(s2)
                self.emit(f"{name} contains {self.num(s2)}", body2)
            self.rules.append((name, "set"))
        elif r < 0.85:
            body = self.body(s)
            key = self.string(s) if self.rng.random() < 0.5 else self.num(s, lead=True)
            self.emit(f"{name}[{key}] := {self.num(s)}", body)
            self.rules.append((name, "obj"))
        else:
            a = s.fresh("num")
            body = self.body(s, self.rng.randint(0, 2))
            out = self.arith(s)
            self.emit(f"{name}({a}) := {out}", body or [f"{a} == {a}"])
            if self.rng.random() < 0.3:
                s2 = Scope(self.rng)
                b = s2.fresh("num")
                self.emit(f"{name}({b}) := {self.num(s2)}", [f"{b} > 100"])
            self.rules.append((name, "fn"))

    def policy(self):
        for i in range(self.rng.randint(2, 6)):
            self.rule(i)
        for feature in self.features:
            getattr(self, "feature_" + feature)()
        return "package gen\n\nimport rego.v1\n\n" + "\n\n".join(self.lines) + "\n"

    # ---- features (issue 15): one method each, named in FEATURES ------------------
    def fresh_name(self, prefix):
        return f"{prefix}{len(self.rules)}_{self.rng.randint(0, 999)}"

    def feature_bodyless_function_head(self):
        """`h(1, x)` alone: true for those arguments (OPA turns the expression into a rule)."""
        h = self.fresh_name("h")
        firsts = self.rng.sample([1, 2, -1, '"a"', '"b"', 0.5], self.rng.randint(1, 3))
        for a in firsts:
            self.lines.append(f"{h}({a}, x)")
        r = self.fresh_name("r")
        self.lines.append(f"{r} contains v if {{\n\tsome v in input.xs\n\t{h}(v, v)\n}}")
        self.rules.append((r, "set"))
        self.lines.append(f"{self.fresh_name('r')} := [{h}({self.rng.choice(firsts)}, 3)]")

    def feature_negative_head_literal(self):
        """Negative numbers among a function's head arguments and as partial object keys."""
        n = self.fresh_name("n")
        for a in self.rng.sample([-1, -2, -0.5, 3, -10], self.rng.randint(1, 3)):
            self.lines.append(f"{n}({a}, x) := {self.rng.choice(['x', '-x', 'x * 2', '-1'])}")
        r = self.fresh_name("r")
        self.lines.append(f"{r} contains w if {{\n\tsome v in input.xs\n\tw := {n}(v - 3, v)\n}}")
        self.rules.append((r, "set"))
        o = self.fresh_name("o")
        self.lines.append(f"{o}[-1] := {self.rng.choice(INTS)}\n{o}[-2.5] := {self.rng.choice(INTS)}")
        self.rules.append((o, "obj"))

    def set_expression(self):
        """A set-valued expression: literals, comprehensions and `|`, `&`, `-` of them."""
        def base():
            r = self.rng.random()
            if r < 0.5:
                return "{" + ", ".join(lit(self.rng.choice(INTS)) for _ in range(self.rng.randint(1, 3))) + "}"
            if r < 0.8:
                return "{x | some x in input.xs}"
            return "set()"
        return f"{base()} {self.rng.choice(['|', '&', '-'])} {base()}"

    def feature_set_literal_expression_first(self):
        """Literals whose first element is a set expression: `{{1} | {2}, {3}}` starts like a
        set comprehension, and is a set of two sets (OPA backs up at the `,`)."""
        s = self.fresh_name("s")
        more = ", ".join(self.set_expression() if self.rng.random() < 0.5 else "{3}" for _ in range(self.rng.randint(1, 2)))
        shape = self.rng.random()
        if shape < 0.4:
            self.lines.append(f"{s} := {{{self.set_expression()}, {more}}}")
        elif shape < 0.7:
            self.lines.append(f"{s} := [{self.set_expression()}, {more}]")
        else:
            self.lines.append(f'{s} := {{"a": {self.set_expression()}, "b": {more}}}')

    def feature_object_pattern_after_if(self):
        """`v := a if {"k": a} := input.obj`: after `if`, `{` starts an expression (OPA)."""
        v = self.fresh_name("v")
        k = self.rng.choice(STRINGS)
        r = self.rng.random()
        if r < 0.4:
            self.lines.append(f'{v} := a if {{"{k}": a}} := input.obj')
        elif r < 0.7:
            self.lines.append(f'{v} := [a, b] if {{"a": a, "b": b}} = {{"a": input.n, "b": {self.rng.choice(INTS)}}}')
        else:
            self.lines.append(f'{v} if {{"x": {self.rng.choice(INTS)}}} == {{"x": input.n}}')

    def feature_bare_expression_query(self):
        """Queries that are bare expressions: a `false` value is one result in OPA."""
        b = self.fresh_name("b")
        self.lines.append(f"default {b} := false\n{b} if {{\n\t{self.comparison(Scope(self.rng))}\n}}")
        self.rules.append((b, "bool"))
        nums = [n for n, k in self.rules if k == "num"]
        fns = [n for n, k in self.rules if k == "fn"]
        choices = [f"data.gen.{b}", f"not data.gen.{b}", "1 == 2", "input.flag", "count(input.xs) > 2",
                   f"x := 1; data.gen.{b}", f"data.gen.{b} == false", "input.n in input.xs"]
        choices += [f"data.gen.{n} > {self.rng.choice(INTS)}" for n in nums]
        choices += [f"data.gen.{f}({self.rng.choice(INTS)}) == {self.rng.choice(INTS)}" for f in fns]
        self.queries += self.rng.sample(choices, 2)

    def feature_partial_object_conflict(self):
        """A partial object whose key and value come from different iterations: it conflicts
        at some keys, and one key asked for alone is evaluated for that key only (OPA)."""
        p, q = self.fresh_name("p"), self.fresh_name("q")
        key = self.rng.choice(STRINGS)
        cond = self.rng.choice([f'k == "{key}"', f'k != "{key}"', "v > 1"])
        self.lines.append(f"{p}[k] := v if {{\n\tsome k in input.tags\n\tsome v in input.xs\n\t{cond}\n}}")
        self.lines.append(f'{q} := {p}["{self.rng.choice(STRINGS)}"]')
        self.queries.append(f"x := data.gen.{q}")

    def feature_with_function(self):
        """`with` replacing a builtin or a function, by a function or a value. KNOWN-9: OPA
        checks a replacing function's parameter types against the replaced one's (its
        type checker infers them from the bodies), so a mock of a user function here takes
        any argument (`x`, `7`)."""
        m = self.fresh_name("m")
        w = self.fresh_name("w")
        fns = [n for n, k in self.rules if k == "fn"]
        r = self.rng.random()
        if r < 0.3 or not fns:
            self.lines.append(f"{m}(x) := {self.rng.choice(['x', 'count(x) + 100', '7'])}")
            self.lines.append(f"{w} := y if {{ y := count(input.xs) with count as {self.rng.choice([m, '3', 'input.n'])} }}")
        elif r < 0.6:
            f = self.rng.choice(fns)
            self.lines.append(f"{m}(x) := {self.rng.choice(['x', '7'])}")
            self.lines.append(f"{w} := y if {{ y := {f}({self.rng.choice(INTS)}) with data.gen.{f} as {self.rng.choice(['5', m])} }}")
        elif r < 0.8:
            self.lines.append(f'{w} := y if {{ y := upper(object.get(input, "name", "z")) with upper as lower }}')
        else:
            users = [n for n, k in self.rules if k in ("num", "bool", "set")]
            self.lines.append(f"{m}(x) := {self.rng.choice(['x', '7'])}")
            used = self.rng.choice(users) if users else "input.n"
            self.lines.append(f"{w} := y if {{ y := {used} with {self.rng.choice(fns)} as {m} }}")
        self.rules.append((w, "any"))


    def feature_indexed_rules(self):
        """Many definitions comparing input fields with constants (the VM's rule index):
        complete rules whose definitions agree or conflict on one key, with a default;
        else chains keyed on every branch; a partial set keyed through a variable, `in`
        a constant set, beside definitions keyed on nothing or on another field; a
        partial object; a function with constant and compared arguments called with
        input fields; 1 against 1.0; an expression that fails before the comparison
        (OPA's index never reaches it for other values). Fields may be undefined."""
        r = self.side
        fields = [("name", [f'"{v}"' for v in STRINGS]), ("n", [str(v) for v in INTS] + ["1.0", "2.0"]),
                  ("m", [str(v) for v in INTS] + ["1.5", "-0.5", "1.0"])]
        field, values = r.choice(fields)
        pick = lambda: r.choice(values)  # noqa: E731
        c, e, st, o, f = (f"ix{kind}{len(self.rules)}_{r.randint(0, 999)}" for kind in "cesof")
        # A complete rule: a few keys, a key repeated with the same or another value.
        keys = r.sample(values, min(len(values), r.randint(3, 6)))
        lines = [f"default {c} := \"none\""] if r.random() < 0.6 else []
        for i, k in enumerate(keys + r.sample(keys, r.randint(0, 2))):
            lines.append(f"{c} := {r.choice([i, 'true', k])} if input.{field} == {k}")
        # Else chains keyed on every branch.
        for _ in range(r.randint(3, 5)):
            branches = r.sample(values, r.randint(1, 3))
            chain = f"{e} := {r.choice(INTS)} if input.{field} == {branches[0]}"
            for b in branches[1:]:
                chain += f" else := {r.choice(INTS)} if {{ x := input.{field}; x == {b} }}"
            lines.append(chain)
        # A partial set.
        for i in range(r.randint(4, 8)):
            shape = r.random()
            if shape < 0.4:
                body = f"input.{field} == {pick()}"
            elif shape < 0.55:
                body = f"x := input.{field}\n\tx == {pick()}"
            elif shape < 0.7:
                body = f"input.{field} in {{{pick()}, {pick()}}}"
            elif shape < 0.8:
                body = f"input.{field} == {pick()}\n\tinput.flag"
            elif shape < 0.9:
                body = f"y := 10 / input.n\n\tinput.{field} == {pick()}"
            else:
                body = r.choice(["input.flag", "input.n > 2", 'input.name == "a"'])
            lines.append(f'{st} contains "s{i}" if {{\n\t{body}\n}}')
        # A partial object keyed on the field.
        for i in range(r.randint(3, 4)):
            lines.append(f'{o}[{r.choice(["input.name", f"{chr(34)}k{i}{chr(34)}"])}] := {i} if input.{field} == {pick()}')
        # A function: constant arguments and compared ones.
        for i in range(r.randint(3, 5)):
            v = pick()
            lines.append(f"{f}({v}) := {i}" if r.random() < 0.5 else f"{f}(a) := {i} if a == {v}")
        lines.append(f"{f}r := {f}(input.{field})")
        self.lines += lines
        # One query of the rules alone (a conflict in one must not hide the others), when
        # it leaves the number of queries (and so of inputs drawn) as it was.
        asked = 1 + min(1, sum(1 for _, k in self.rules if k in ("set", "obj"))) + len(self.queries)
        if asked < 4:
            self.queries.append(f"x := data.gen.{r.choice([c, e, st, o, f + 'r'])}")


    def feature_builtin_errors(self):
        """Rules whose expressions raise a builtin error on some inputs (regogen_errors),
        from their own stream (PolicyGenerator.errors)."""
        made, lines = regogen_errors.rules(self.errors, f"be{len(self.rules)}")
        self.lines += lines
        self.rules += made


FEATURES = ["bodyless_function_head", "negative_head_literal", "set_literal_expression_first",
            "object_pattern_after_if", "bare_expression_query", "partial_object_conflict", "with_function",
            "indexed_rules", "builtin_errors"]
# Features added after the others: chosen and generated from the side stream (see
# PolicyGenerator.side), so the policies a seed gave before them stay the same.
SIDE_FEATURES = {"indexed_rules"}
# builtin_errors, and whether a case is compared without strict builtin errors, draw from
# a stream of their own (seeded beside the side stream), so the indexed_rules policies a
# seed gave before them stay the same too.
ERRORS_FEATURES = {"builtin_errors"}
# Of the cases not using builtin_errors, this share is compared with strict builtin errors
# off (OPA's default); of those using it, half.
NON_STRICT_SHARE = 0.25


def random_case(rng, features=None):
    """A random policy: {"source", "collections" (its partial set and object rules),
    "queries" (the features' own), "features" (used), "strict" (compare it with strict
    builtin errors, or without: NON_STRICT_SHARE)}. Without `features`, each one is
    used with probability 1/4."""
    seed = hash(rng.getstate()[1])
    side, errors = random.Random(seed), random.Random(seed + 1)
    if features is None:
        chosen = [f for f in FEATURES if f not in SIDE_FEATURES | ERRORS_FEATURES and rng.random() < 0.25]
        chosen += [f for f in FEATURES if f in SIDE_FEATURES and side.random() < 0.25]
        chosen += [f for f in FEATURES if f in ERRORS_FEATURES and errors.random() < 0.25]
    else:
        chosen = list(features)
    g = PolicyGenerator(rng, chosen, side)
    g.errors = errors
    source = g.policy()
    strict = errors.random() >= (0.5 if "builtin_errors" in chosen else NON_STRICT_SHARE)
    return {"source": source, "collections": [n for n, k in g.rules if k in ("set", "obj")],
            "queries": g.queries, "features": chosen, "strict": strict}


def random_policy(rng):
    """(source, names of its partial set and object rules), with no feature."""
    case = random_case(rng, features=())
    return case["source"], case["collections"]


def random_input(rng):
    inp = {}
    if rng.random() < 0.9:
        inp["n"] = rng.choice(INTS)
    if rng.random() < 0.6:
        inp["m"] = rng.choice(INTS + [1.5, -0.5])
    if rng.random() < 0.9:
        inp["xs"] = [rng.choice(INTS) for _ in range(rng.randint(0, 5))]
    if rng.random() < 0.8:
        inp["name"] = rng.choice(STRINGS)
    if rng.random() < 0.7:
        inp["tags"] = rng.sample(STRINGS, rng.randint(0, 3))
    if rng.random() < 0.7:
        inp["obj"] = {k: rng.choice(INTS) for k in rng.sample(STRINGS, rng.randint(0, 3))}
    if rng.random() < 0.6:
        inp["flag"] = rng.random() < 0.5
    inp.update(number_input(rng))
    return inp


DATA = {"limit": 3, "names": ["a", "b", "c"], "budget": 200.1}


# ---- OPA's numbers ------------------------------------------------------------------
# Rules whose answers turn on how OPA computes: decimals at 64-bit binary precision,
# compared against thresholds they land on or just beside (`input.cost * 3 > 0.3` is
# false in OPA, true in float64), integers beyond 64 bits kept exact, repeating
# quotients, OPA's rounding, and 1 / 1.0 as one value (set members, keys, indexes).

NUMBER_RULE_SHARE = 0.2
DECIMALS = ["0.1", "0.2", "0.7", "1.75", "6.67", "33.33", "19.99"]
MULTIPLIERS = ["3", "10", "30", "0.5", "1.1"]
BIG_INTS = ["12345678901234567890", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
            "18446744073709551616", "1e30", "123456789012345678901234567890"]


def threshold(rng, multiplier):
    """A limit that an input cost times `multiplier` reaches exactly, or misses by 1e-19
    (about half of OPA's 64-bit ulp there), as Rego number text."""
    from decimal import Decimal
    exact = Decimal(rng.choice(DECIMALS)) * Decimal(multiplier)
    nudge = rng.choice([Decimal(0), Decimal(0), Decimal("1e-19"), Decimal("-1e-19")])
    return format(exact + nudge, "f")


def number_rule(g, name):
    """Appends a rule exercising OPA's numbers to generator `g`; returns its kind."""
    rng = g.rng
    k = rng.random()
    op = rng.choice([">", ">=", "<", "<=", "==", "!="])
    if k < 0.35:
        # The input's multiplier and limit land exactly on each other (number_input).
        m = rng.choice(MULTIPLIERS + ["input.mult"] * 3)
        limit = "input.limit" if m == "input.mult" else rng.choice([threshold(rng, m), "data.budget", "input.limit"])
        test = f"input.cost * {m} {op} {limit}" if rng.random() < 0.7 else f"{limit} {op} {m} * input.cost"
        # A set of numbers, as the generator's other set rules are (others iterate it).
        g.emit(f"{name} contains 1", ["input.request == \"llm\"", test] if rng.random() < 0.3 else [test])
        return "set"
    if k < 0.55:
        a, b = rng.choice(BIG_INTS), rng.choice(BIG_INTS + ["input.n", "10", "7"])
        g.lines.append(f"{name} := {a} {rng.choice(['+', '-', '*', '%', '/'])} {b}")
        return "num"
    if k < 0.7:
        value = rng.choice([f"input.n / {rng.choice(['3', '7', '6'])}", f"{rng.choice(DECIMALS)} / 3",
                            f"sum([input.cost, {rng.choice(DECIMALS)}])", f"product([input.cost, {rng.choice(MULTIPLIERS)}])",
                            f"round(input.cost * 10) / 10", f"floor(-input.cost)", f"ceil(input.cost - 1)",
                            f"abs(input.cost - {rng.choice(DECIMALS)})", f"input.cost + {rng.choice(DECIMALS)} - input.cost"])
        g.lines.append(f"{name} := {value}")
        return "num"
    if k < 0.85:
        g.emit(name, [rng.choice([f"input.n / 3 * 3 == input.n", f"{rng.choice(DECIMALS)} * 3 {op} input.cost * 3",
                                  f"sum([0.1, 0.2]) {op} 0.3", f"1 / 3 {op} 0.33333333333333333334"])])
        return "bool"
    # Kind "other": a string or array no other rule may compute with (OPA's type
    # checker would reject that, a separate matter).
    value, kind = rng.choice([("count({1, 1.0, input.n, input.idx})", "num"), ("input.idx + 1.0", "num"),
                              ('{1.0: "one", 2: "two"}[input.idx]', "other"), ('["a", "b", "c"][input.idx]', "other"),
                              ("[x | some x in [1.0, 2.50, input.idx]; x >= input.idx]", "other")])
    g.lines.append(f"{name} := {value}")
    return kind


def number_input(rng):
    """Input fields the number rules read: a cost, a limit that the cost times one of
    the rules' multipliers reaches exactly (or another), an index spelled 1 or 1.0."""
    from decimal import Decimal
    inp = {}
    cost = rng.choice(DECIMALS)
    if rng.random() < 0.9:
        inp["cost"] = float(cost)
    if rng.random() < 0.7:
        inp["idx"] = rng.choice([0, 1, 1.0, 2, 2.0, 0.5])
    mult = rng.choice(MULTIPLIERS)
    inp["mult"] = float(mult) if "." in mult else int(mult)
    if rng.random() < 0.8:
        exact = Decimal(cost) * Decimal(mult)
        inp["limit"] = float(exact) if rng.random() < 0.8 else rng.choice([0.3, 2.1, 200.1, 52.5])
    if rng.random() < 0.5:
        inp["request"] = rng.choice(["llm", "tool"])
    return inp



# ---- type-error mutations ------------------------------------------------------------
# A random policy plus one rule holding a mutation that OPA's type checker may reject
# (rego_type_error) — a builtin argument of a wrong type, a key an object literal lacks,
# a wrong arity, a user function called with an argument of the wrong type — or a near
# miss it accepts (the right type, or a value from input, which is `any`). Both engines
# must give the same verdict.

def _operand(rng, text):
    """`text` used directly, through a local variable, or through a rule of its own."""
    r = rng.random()
    if r < 0.4:
        return "", text
    if r < 0.75:
        return f"\tmv := {text}\n", "mv"
    return f"mr := {text}\n\n", "data.gen.mr"


def _builtin_mutation(rng):
    name, good, bad = rng.choice([
        ("count", ['"abc"', "[1, 2]", '{"a": 1}', "{1}", "input.xs"], ["1", "true", "null"]),
        ("lower", ['"A"', "input.name"], ["1", "[1]", '{"a"}', "null"]),
        ("upper", ['"a"'], ["2.5", '{"a": 1}']),
        ("sum", ["[1, 2]", "{1, 2}", "input.xs"], ['["a"]', '{1, "a"}', '"12"']),
        ("abs", ["-1", "input.n"], ['"1"', "[1]"]),
        ("trim_space", ['" a "'], ["1", "[\" a \"]"]),
        ("object.keys", ['{"a": 1}'], ["[1]", '"a"']),
        ("array.reverse", ["[1, 2]"], ["{1, 2}", '"ab"']),
    ])
    prefix, arg = _operand(rng, rng.choice(good if rng.random() < 0.3 else bad))
    return prefix, f"{name}({arg})"


def _operator_mutation(rng):
    op = rng.choice(["+", "-", "*", "/", "|", "&", "<", "=="])
    values = ["1", "2.5", '"a"', "{1}", "[1]", "true", "input.n", '{"k": 1}']
    p1, a = _operand(rng, rng.choice(values))
    b = rng.choice(values)
    return p1, f"{a} {op} {b}"


def _two_args_mutation(rng):
    name, args = rng.choice([
        ("concat", [['","', '["a", "b"]'], ['","', '["a", 1]'], ['","', '"ab"'], ["1", '["a"]'], ['","', '{"a", "b"}']]),
        ("startswith", [['"ab"', '"a"'], ["1", '"a"'], ['"ab"', "[1]"]]),
        ("split", [['"a,b"', '","'], ['"a,b"', "1"], ["[1]", '","']]),
        ("sprintf", [['"%v"', "[1]"], ['"%v"', "1"], ["1", "[1]"]]),
        ("object.get", [['{"a": 1}', '"a"', "0"], ['[1]', "0", "0"], ['"a"', '"a"', "0"]]),
        ("numbers.range", [["1", "3"], ['"1"', "3"], ["1", "[3]"]]),
    ])
    return "", f"{name}({', '.join(rng.choice(args))})"


def _missing_key_mutation(rng):
    obj = rng.choice(['{"a": 1, "b": 2}', '{"a": {"b": 1}}', '{"a": [1, {"c": 2}]}'])
    path = rng.choice([".a", ".b", ".c", ".a.b", ".a.c", ".a[0]", ".a[1].c", ".a[1].d", ".a[5]", '["a"]', "[1]"])
    r = rng.random()
    if r < 0.35:
        return "", obj + path
    if r < 0.7:
        return f"\tmv := {obj}\n", "mv" + path
    return f"mr := {obj}\n\n", "data.gen.mr" + path


def _array_index_mutation(rng):
    prefix, arr = _operand(rng, rng.choice(["[1, 2]", '["a"]', "[1, [2, 3]]"]))
    return prefix, arr + rng.choice(["[0]", "[1]", "[5]", '["a"]', "[1][0]", "[0][0]", "[_]"])


def _arity_mutation(rng):
    return "", rng.choice(["count([1], 2, 3)", "count()", 'lower("a", "b", "c")', "abs()", "abs(1, 2, 3)",
                           'concat(",")', "mf(1, 2)", "mf()"])


def _user_function_mutation(rng):
    body = rng.choice(["v * 2", "lower(v)", "count(v)", "v + 1", 'concat(",", v)', "v.name", "v[0]"])
    arg = rng.choice(["1", '"a"', "[1]", '["a"]', '{"name": 1}', "true", "input.n", "{1}"])
    prefix, arg = _operand(rng, arg)
    return f"mf(v) := {body}\n\n" + prefix, f"mf({arg})"


TYPE_ERROR_MUTATIONS = [_builtin_mutation, _operator_mutation, _two_args_mutation, _missing_key_mutation,
                        _array_index_mutation, _arity_mutation, _user_function_mutation]


def type_error_policy(rng):
    """(source, what mutation): a random policy with one mutated rule `m` appended."""
    g = PolicyGenerator(rng)
    g.policy()
    mutation = rng.choice(TYPE_ERROR_MUTATIONS)
    prefix, expr = mutation(rng)
    rules = "".join(p for p in [prefix] if p and not p.startswith("\t"))
    local = prefix if prefix.startswith("\t") else ""
    if "mf(" in expr and "mf(v)" not in rules:
        rules = "mf(v) := v + 1\n\n" + rules
    if rng.random() < 0.5 or mutation is _operator_mutation:  # KNOWN-9
        rule = f"m := y if {{\n{local}\ty := {expr}\n}}"
    else:
        rule = f"m if {{\n{local}\t{expr}\n}}"
    source = "package gen\n\nimport rego.v1\n\n" + "\n\n".join(g.lines + [rules + rule]) + "\n"
    return source, mutation.__name__.strip("_")
