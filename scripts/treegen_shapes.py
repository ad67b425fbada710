"""Shapes scripts/treegen.py did not write before, as a mixin of its TreeGenerator: each
is a feature of its own (named in SHAPE_FEATURES), drawn only when not disabled, and
recorded in the policy's feature list so `differential.py --features` counts it.

They come from OPA's grammar and evaluation rules rather than from the VM: `else` on
functions, `default` functions, ref heads with variables in several positions, multi-value
ref heads, complete rules with two definitions, `with` on functions, builtins and virtual
documents, `with` values that raise or are undefined, `print`, `some`/`every` over values
that are not collections, negative and non-integer indices, `object.get` with paths,
comparisons across types (OPA's order: null < bool < number < string < array < object <
set), one number in several representations (1, 1.0, 1e0 as keys, members, operands),
big integers and decimals in arithmetic, unicode keys, object literals with a key written
twice, and comprehensions inside comprehensions that read the outer variables.
Standard library only; deterministic for a given random.Random.
"""

SHAPE_FEATURES = [
    "else-function", "default-function", "general-ref-head", "multi-value-ref-head", "complete-rule-conflict",
    "with-function", "with-builtin", "with-virtual-document", "with-failing-value", "print",
    "iteration-over-scalar", "negative-index", "object-get-path", "mixed-type-order", "numeric-representation",
    "big-number-arithmetic", "unicode-key", "duplicate-object-key", "nested-comprehension",
]

# One number, written several ways (OPA compares numbers by value: 1 == 1.0 == 1e0).
NUMBER_FORMS = [["1", "1.0", "1e0", "10e-1", "0.1e1", "100e-2"], ["0", "0.0", "-0", "0e5"],
                ["2.5", "25e-1", "2.50"], ["100", "1e2", "100.0", "1E2"], ["-3", "-3.0", "-3e0"]]
BIG_NUMBERS = ["12345678901234567890", "9223372036854775807", "-9223372036854775808", "18446744073709551616",
               "1e308", "1e-7", "0.1", "123456789.123456789", "3.000000000000000001", "2e40", "-0.5", "7"]
UNICODE_KEYS = ["ключ", "😀", "é", "\\u00e9", "e\\u0301", "日本", "\\ud83d\\ude00", "Ω", "a\\u0000b", "ǅ"]
SCALAR_REFS = ["input.n", "input.s", "input.nothing", "input.flag", "input.big", "data.limits.max", "input.user.name"]
# Values for a `with` that raise, are undefined, or are of the wrong type.
FAILING_VALUES = ["(1 / 0)", 'to_number("z")', "input.missing", "input.xs[99]", 'object.get({}, "a", {}).b',
                  "(1 % 0)", 'split(input.n, "a")', '"text"']
# Builtins a `with` can replace, by arity, in groups of alike signatures: OPA's type
# checker refuses a replacement whose argument types share nothing with the target's.
REPLACEABLE_GROUPS = {1: [["upper", "lower", "trim_space", "strings.reverse"], ["count", "sort", "object.keys"],
                          ["abs", "round", "ceil", "floor"], ["type_name", "is_number", "is_string", "json.marshal"]],
                      2: [["startswith", "endswith", "contains", "split", "indexof"], ["array.concat"], ["object.union"],
                          ["concat"]]}
REPLACEABLE = {n: [b for group in groups for b in group] for n, groups in REPLACEABLE_GROUPS.items()}


class ShapeGenerator:
    """The new shapes; mixed into TreeGenerator (uses its rng, term, literal_, body, block,
    rules, use and may)."""

    def pick(self, candidates):
        """One of (feature, make) not disabled, made, or None."""
        usable = [(f, make) for f, make in candidates if f not in self.disabled]
        if not usable:
            return None
        feature, make = self.rng.choice(usable)
        made = make()
        if made is not None:
            self.use(feature)
        return made

    # ---- terms ---------------------------------------------------------------------------
    def constant_term(self, kind, depth=1):
        """A value with no reference or call in it (what a `default` may hold)."""
        if kind in ("num", "str", "bool", "null"):
            return {"num": self.number_literal, "str": self.string_literal,
                    "bool": lambda: self.rng.choice(["true", "false"]), "null": lambda: "null"}[kind]()
        inner = [] if depth >= 2 else [self.constant_term(self.rng.choice(["num", "str", "any"]) if kind != "obj"
                                                          else self.rng.choice(["num", "str", "arr"]), depth + 1)
                                       for _ in range(self.rng.randint(0, 2))]
        if kind == "any":
            return self.constant_term(self.rng.choice(["num", "str", "bool", "null", "arr", "set", "obj"]), depth)
        if kind == "arr":
            return "[" + ", ".join(inner) + "]"
        if kind == "set":
            return "{" + ", ".join(inner) + "}" if inner else "set()"
        keys = self.rng.sample(['"a"', '"b"', '"k"', '"é"'], len(inner))
        return "{" + ", ".join(f"{k}: {v}" for k, v in zip(keys, inner)) + "}"

    def shape_term(self, kind, s, depth):
        c = []
        if kind != "bool":
            c += [("negative-index", lambda: self.negative_index(kind, s, depth)),
                  ("object-get-path", lambda: self.object_get_path(kind, s, depth))]
        if kind == "bool":
            c += [("mixed-type-order", lambda: self.mixed_comparison(s, depth)),
                  ("numeric-representation", lambda: self.number_equality(s, depth))]
        if kind == "num":
            c += [("big-number-arithmetic", lambda: self.big_arithmetic(s, depth)),
                  ("numeric-representation", lambda: f"count({{{', '.join(self.number_forms(3))}}})")]
        if kind == "arr":
            c += [("mixed-type-order", lambda: self.mixed_sort(s, depth)),
                  ("nested-comprehension", lambda: self.nested_comprehension("arr", s, depth))]
        if kind == "set":
            c += [("numeric-representation", lambda: "{" + ", ".join(self.number_forms(3)) + "}"),
                  ("nested-comprehension", lambda: self.nested_comprehension("set", s, depth))]
        if kind == "obj":
            c += [("unicode-key", lambda: self.unicode_object(s, depth)),
                  ("duplicate-object-key", lambda: self.duplicate_key_object(s, depth)),
                  ("numeric-representation", lambda: self.number_keyed_object(s, depth)),
                  ("nested-comprehension", lambda: self.nested_comprehension("obj", s, depth))]
        if kind == "str":
            c += [("unicode-key", lambda: self.unicode_lookup(s, depth))]
        return self.pick(c + self.text_shape_candidates(kind, s, depth))

    def number_forms(self, n):
        forms = self.rng.choice(NUMBER_FORMS)
        return [self.rng.choice(forms) for _ in range(n)]

    def negative_index(self, kind, s, depth):
        arrays = ["input.xs", "data.prices", "data.names", "input.items", "input.user.roles"]
        if self.chance(0.2):   # a local's type is known: an index it cannot have is a type error
            arrays += s.of("arr")
        index = self.rng.choice(["-1", "-2", "0.0", "1.0", "1.5", '"0"', "-0"])
        return f"{self.rng.choice(arrays)}[{index}]"

    def object_get_path(self, kind, s, depth):
        keys = ['"a"', '"b"', '"k"', '"name"', '"user"', '"roles"', "0", "1", "-1", '"x y"', '"é"', "1.0"]
        path = "[" + ", ".join(self.rng.choice(keys) for _ in range(self.rng.randint(0, 3))) + "]"
        obj = self.rng.choice(["input", "data.roles", "data.limits", "input.user"] + [self.term("obj", s, depth + 1)])
        return f"object.get({obj}, {path}, {self.term(kind, s, depth + 1)})"

    def mixed_comparison(self, s, depth):
        a, b = self.rng.sample(["num", "str", "bool", "null", "arr", "set", "obj"], 2)
        # `==` between values of two known, different types is OPA's type error (match error).
        op = self.rng.choice(["<", "<=", ">", ">="] if self.chance(0.9) else ["==", "!="])
        return f"({self.term(a, s, depth + 1)} {op} {self.term(b, s, depth + 1)})"

    def mixed_sort(self, s, depth):
        kinds = ["num", "str", "bool", "null", "arr", "set", "obj"]
        items = ", ".join(self.term(self.rng.choice(kinds), s, depth + 1) for _ in range(self.rng.randint(2, 4)))
        return f"{self.rng.choice(['sort', 'sort', 'array.reverse'])}([{items}])"

    def number_equality(self, s, depth):
        a, b = self.number_forms(2)
        return self.rng.choice([f"({a} == {b})", f"({a} in {{{b}}})", f'({{"a": {a}}} == {{"a": {b}}})',
                                f"([{a}] == [{b}])", f"({{{a}: true}}[{b}])", f"({{{a}}} == {{{b}}})",
                                f"({a} < {b})", f"(json.marshal({a}) == json.marshal({b}))"])

    def number_keyed_object(self, s, depth):
        forms = self.number_forms(self.rng.randint(2, 3))
        return "{" + ", ".join(f"{f}: {self.term('any', s, depth + 1)}" for f in forms) + "}"

    def big_arithmetic(self, s, depth):
        a, b = self.rng.choice(BIG_NUMBERS), self.rng.choice(BIG_NUMBERS + ["input.big", "input.n"])
        r = self.rng.random()
        if r < 0.7:
            return f"({a} {self.rng.choice(['+', '-', '*', '/', '%'])} {b})"
        return f"{self.rng.choice(['round', 'ceil', 'floor', 'abs'])}({a})"

    def unicode_object(self, s, depth, keys=None):
        keys = keys or self.rng.sample(UNICODE_KEYS, self.rng.randint(1, 3))
        return "{" + ", ".join(f'"{k}": {self.term("any", s, depth + 1)}' for k in keys) + "}"

    def unicode_lookup(self, s, depth):
        """A key looked up in a literal with unicode keys: mostly one it has, spelled the
        same or escaped otherwise (`"é"` and `"\u00e9"` are one key)."""
        keys = self.rng.sample(UNICODE_KEYS, self.rng.randint(1, 3))
        key = self.rng.choice(keys) if self.chance(0.8) else self.rng.choice(UNICODE_KEYS)
        key = {"é": "\\u00e9", "\\u00e9": "é"}.get(key, key) if self.chance(0.3) else key
        return f'object.get({self.unicode_object(s, depth, keys)}, "{key}", "none")' if self.chance(0.3) \
            else f'{self.unicode_object(s, depth, keys)}["{key}"]'

    def duplicate_key_object(self, s, depth):
        """A key written twice: the same constant, an equal number, or a term that may
        equal a constant key (OPA keeps one entry; which value depends on its order)."""
        key = self.rng.choice(['"a"', '"b"', "1", '""'])
        twins = {'"a"': ['"a"', "input.s", 'lower("A")', "data.names[0]"], '"b"': ['"b"', "data.names[1]", "input.s"],
                 "1": ["1.0", "1e0", "count([0])", "input.n"], '""': ['""', "input.s", "input.user.name"]}[key]
        pairs = [(key, self.term("any", s, depth + 1)), (self.rng.choice(twins), self.term("any", s, depth + 1))]
        if self.chance(0.5):
            pairs.append((self.rng.choice(['"k"', '"a"', "input.s"]), self.term("any", s, depth + 1)))
        self.rng.shuffle(pairs)
        return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"

    def nested_comprehension(self, kind, s, depth):
        """An inner comprehension reading the outer one's variable."""
        from treegen import Scope
        outer = Scope(s)
        x = outer.declare("any")
        src = f"some {x} in {self.term(self.rng.choice(['arr', 'set']), s, depth + 1)}"
        inner = Scope(outer)
        y = inner.declare("any")
        cond = self.rng.choice([f"{y} != {x}", f"{y} > {x}", f"[{x}, {y}][0] == {x}", f"{y} == {x}"])
        inner_body = "; ".join(inner.used([f"some {y} in {self.term(self.rng.choice(['arr', 'set']), outer, depth + 1)}",
                                           cond]))
        inner_kind = self.rng.choice(["[", "{"])
        nested = f"{inner_kind}{y} | {inner_body}{']' if inner_kind == '[' else '}'}"
        head = {"arr": nested, "set": f"count({nested})", "obj": f"json.marshal({x}): {nested}"}[kind]
        body = "; ".join(outer.used([src], head))
        return f"[{head} | {body}]" if kind == "arr" else f"{{{head} | {body}}}"

    # ---- body literals ----------------------------------------------------------------------
    def shape_literal(self, s, depth):
        c = [("print", lambda: "print(" + ", ".join(self.term("any", s, depth + 1)
                                                    for _ in range(self.rng.randint(1, 3))) + ")"),
             ("iteration-over-scalar", lambda: self.scalar_iteration(s, depth)),
             ("with-builtin", lambda: self.with_builtin(s, depth)),
             ("with-failing-value", lambda: self.with_failing_value(s, depth))]
        if any(a is not None for _, _, a in self.rules):
            c.append(("with-function", lambda: self.with_function(s, depth)))
        if any(a is None for _, _, a in self.rules):
            c.append(("with-virtual-document", lambda: self.with_virtual_document(s, depth)))
        return self.pick(c)

    def scalar_iteration(self, s, depth):
        from treegen import Scope
        coll = self.rng.choice(SCALAR_REFS)
        if self.chance(0.05):   # a scalar of known type: OPA's checker refuses iterating it (match error)
            coll = self.rng.choice(s.of("num") + s.of("str") + ['"abc"', "7"])
        r = self.rng.random()
        if r < 0.4:
            return f"some {s.declare('any')} in {coll}"
        if r < 0.6:
            k, v = s.declare("any"), s.declare("any")
            return f"some {k}, {v} in {coll}"
        inner = Scope(s)
        x = inner.declare("any")
        lits = "; ".join(inner.used([self.literal_(inner, depth + 1)]))
        return f"every {x} in {coll} {{ {lits} }}"

    def call_of(self, path, arity, s, depth):
        return f"{path}(" + ", ".join(self.term("num", s, depth + 1) for _ in range(arity)) + ")"

    def with_function(self, s, depth):
        """A user function replaced by another of its arity, by a builtin, or by a value."""
        functions = [(p, a) for p, _, a in self.rules if a is not None]
        path, arity = self.rng.choice(functions)
        same = [p for p, a in functions if a == arity and p != path]
        r = self.rng.random()
        if r < 0.4 and same:
            by = self.rng.choice(same)
        elif r < 0.7:
            by = self.rng.choice(REPLACEABLE.get(arity, ["count"]))
        else:
            by = self.term(self.rng.choice(["num", "str", "bool"]), s, depth + 1)
        target = self.call_of(path, arity, s, depth) if self.chance(0.6) else self.rule_ref("any", s, depth) or path
        return f"{s.fresh('any')} := {target} with {path} as {by}"

    def with_builtin(self, s, depth):
        """A builtin replaced, for a call of it or for a rule that may call it."""
        arity = self.rng.choice([1, 2])
        # `contains` is a keyword where a `with` target stands (a parse error in OPA too).
        name = self.rng.choice([b for b in REPLACEABLE[arity] if b != "contains"])
        functions = [p for p, _, a in self.rules if a == arity]
        group = next(g for g in REPLACEABLE_GROUPS[arity] if name in g)
        r = self.rng.random()
        if r < 0.3 and functions:
            by = self.rng.choice(functions)
        elif r < 0.55:
            by = self.rng.choice(group)
        elif r < 0.7:
            by = self.rng.choice(REPLACEABLE[arity])
        else:
            by = self.term(self.rng.choice(["num", "str", "arr"]), s, depth + 1)
        if self.rules and self.chance(0.5):
            target = self.rule_ref("any", s, depth) or f"{name}(input.xs)"
        else:
            from treegen import BUILTINS
            target = f"{name}(" + ", ".join(self.argument(a, s, depth) for a in BUILTINS[name][0]) + ")"
        return f"{s.fresh('any')} := {target} with {name} as {by}"

    def with_virtual_document(self, s, depth):
        """A rule's document (or a path below or above it) replaced while another is read."""
        paths = [p for p, _, a in self.rules if a is None]
        path = self.rng.choice(paths)
        r = self.rng.random()
        if r < 0.1:
            path += "." + self.rng.choice(["a", "b", "x"])      # below: a partial replacement (refused)
        elif r < 0.3 and path.count(".") > 2:
            path = path.rsplit(".", 1)[0]                          # above: the package or a prefix
        read = self.rule_ref("any", s, depth) or self.rng.choice(paths)
        if self.chance(0.15):   # the package (or a prefix) holding the reading rule: often a recursion error
            read = self.rng.choice(["data.gen", read.rsplit(".", 1)[0] if read.count(".") > 2 else read])
        value = self.term(self.rng.choice(["num", "str", "obj", "set", "arr"]), s, self.max_depth - 1)
        return f"{s.fresh('any')} := {read} with {path} as {value}"

    def with_failing_value(self, s, depth):
        target = self.rng.choice(["input.n", "input.s", "input.user", "input", "data.limits.max", "data.names"])
        read = self.rule_ref("any", s, depth) or self.rng.choice(["input.n", "data.limits", "input"])
        return f"{s.fresh('any')} := {read} with {target} as {self.rng.choice(FAILING_VALUES)}"

    # ---- rules ----------------------------------------------------------------------------
    def shape_rule(self, name, path, kind):
        """[lines] of a rule in a new head form, registered in self.rules; or None."""
        return self.pick([("else-function", lambda: self.function_rule(name, path, kind, with_else=True)),
                          ("default-function", lambda: self.function_rule(name, path, kind, with_default=True)),
                          ("general-ref-head", lambda: self.general_ref_head(name, path, kind)),
                          ("multi-value-ref-head", lambda: self.multi_value_ref_head(name, path)),
                          ("complete-rule-conflict", lambda: self.conflicting_complete_rule(name, path, kind))])

    def function_rule(self, name, path, kind, with_else=False, with_default=False):
        from treegen import Scope
        arity = self.rng.randint(1, 2)
        lines = []
        if with_default:
            lines.append(f"default {name}({', '.join('_' for _ in range(arity))}) := {self.constant_term(kind)}")
        for _ in range(self.rng.randint(1, 2)):
            head_scope = Scope()   # the parameters, seen by every else branch
            params = [head_scope.fresh("num") for _ in range(arity)]
            s = Scope(head_scope)
            body = self.body(s, self.rng.randint(1, 2))
            value = self.term(kind, s)
            text = f"{name}({', '.join(params)}) := {value} if {self.block(body, s, value)}"
            branches = 0
            while with_else and (branches == 0 or self.chance(0.5)):
                branches += 1
                s2 = Scope(head_scope)
                value2 = self.term(kind, s2)
                if self.chance(0.3):
                    text += f" else := {value2}"
                    break
                text += f" else := {value2} if {self.block(self.body(s2, self.rng.randint(1, 2)), s2, value2)}"
            lines.append(text)
        self.rules.append((path, kind, arity))
        return lines

    def general_ref_head(self, name, path, kind):
        """`r[k].a[j] := v`: variables in several positions of the head (objects below objects;
        two definitions giving one path different values conflict)."""
        from treegen import Scope
        lines = []
        for _ in range(self.rng.randint(1, 2)):
            s = Scope()
            k, j = s.fresh("any"), s.fresh("any")
            head = self.rng.choice([f"{name}[{k}].a[{j}]", f"{name}.a[{k}].b", f"{name}[{k}][{j}]",
                                    f"{name}[{k}].{self.rng.choice(['a', 'b'])}"])
            body = [f"some {k} in {self.term(self.rng.choice(['arr', 'set']), s, 1)}"]
            if j in head:
                body.append(f"{j} := {self.term(self.rng.choice(['str', 'num']), s, 1)}")
            body += self.body(s, self.rng.randint(0, 2))
            value = self.term(kind, s)
            lines.append(f"{head} := {value} if {self.block(body, s, value)}")
        self.rules.append((path, "obj", None))
        return lines

    def multi_value_ref_head(self, name, path):
        from treegen import Scope
        lines = []
        for sub in self.rng.sample(["a", "b", "[k]"], self.rng.randint(1, 2)):
            s = Scope()
            body = []
            if sub == "[k]":
                k = s.fresh("any")
                body.append(f"some {k} in {self.term(self.rng.choice(['arr', 'set']), s, 1)}")
                head = f"{name}[{k}]"
            else:
                head = f"{name}.{sub}"
            body += self.body(s, self.rng.randint(1, 2))
            value = self.term(self.rng.choice(["num", "str", "any"]), s)
            lines.append(f"{head} contains {value} if {self.block(body, s, value)}")
        if self.chance(0.3):
            lines.append(f"{name}.c := {self.term('any', Scope(), 1)}")
        self.rules.append((path, "obj", None))
        return lines

    def conflicting_complete_rule(self, name, path, kind):
        from treegen import Scope
        lines = []
        if self.chance(0.3):
            lines.append(f"default {name} := {self.constant_term(kind)}")
        for _ in range(2):
            s = Scope()
            body = self.body(s, self.rng.randint(1, 2))
            value = self.term(kind, s)
            lines.append(f"{name} := {value} if {self.block(body, s, value)}")
        self.rules.append((path, kind, None))
        return lines
