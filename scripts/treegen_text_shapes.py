"""More shapes for scripts/treegen.py, about how values are written and printed rather
than how rules are built: number literals in every spelling OPA's parser takes or
refuses (`.5`, `-.5`, `0e5`, `00.5`, exponents near its limit), a minus before terms
that are not numbers (`-input.n`, `-f(x)`, `-(1)`, `-[1][0]`), sprintf with every verb
and flag Go's fmt has over values of every type, to_number on spellings JSON lacks,
string builtins on multi-byte and astral text, and object builtins given one number
key spelled two ways (`{1.0: x}` filtered by `[1]`, union_n of `{1: …}` and `{1.0: …}`),
refs that start at a parenthesized term or a scalar (`([3, 4])[0]`; `(input)[0]`,
`"ab"[0]` are parse errors), and timestamps spelled as exponents and decimals.
Each is a feature of its own (TEXT_SHAPE_FEATURES), mixed into TreeGenerator through
ShapeGenerator.shape_term. Standard library only; deterministic for a random.Random.
"""

TEXT_SHAPE_FEATURES = ["number-literal-spelling", "unary-minus-operand", "sprintf-verb", "to-number-spelling",
                       "unicode-string-builtin", "number-key-spelling", "parenthesized-ref-head", "timestamp-spelling"]

# Number literals OPA's parser takes (`.5` is one), and, rarely, ones it refuses.
LITERAL_SPELLINGS = [".5", "-.5", ".25e1", "0e5", "0E-3", "0.0e0", "-0e0", "1E+2", "1e-0", ".0", "1e30102",
                     "-1e-30102", "2.5E-3"]
REFUSED_SPELLINGS = ["00.5", "01e1", "1e30103", "1e-30104", "-00", ".5.5"]
# Operands a unary minus takes (a name starts a ref or call) and ones OPA refuses.
MINUS_OPERANDS = ["input.n", "input.big", "data.limits.max", "input.xs[0]", "count(input.xs)", "abs(-2)",
                  "data.prices[1]", "input.s", "input.nothing"]
REFUSED_MINUS_OPERANDS = ["(1)", "[1][0]", '"a"', "true", "null", "{1}", "(input.n)"]
VERBS = ["v", "d", "s", "x", "X", "o", "b", "e", "E", "f", "F", "g", "G", "q", "t", "T", "c", "U"]
FLAGS = ["", "", "", "+", "-", "#", " ", "0"]
# Strings to_number parses whose text is not JSON (OPA keeps the text; it computes),
# and, under `raising-spelling`, ones it refuses.
NUMBER_STRINGS = ["+5", ".5", "5.", "007", "0x1p-2", "1_000", "1e5", "-0", "1.50", "-.5", "1e400",
                  "12345678901234567890"]
REFUSED_NUMBER_STRINGS = ["0x10", "Inf", " 1", "1__0"]
UNICODE_TEXTS = ["héllo", "😀a😀", "e\\u0301", "日本語", "ǅǆ", "straße", "İı", "ΑΣ", "a\\u0000b", "\\ud83d\\ude00x", ""]
STRING_CALLS = [("substring", ["text", "int", "int"]), ("indexof", ["text", "piece"]), ("indexof_n", ["text", "piece"]),
                ("count", ["text"]), ("trim", ["text", "piece"]), ("trim_left", ["text", "piece"]),
                ("trim_right", ["text", "piece"]), ("trim_prefix", ["text", "piece"]),
                ("trim_suffix", ["text", "piece"]), ("split", ["text", "piece"]), ("replace", ["text", "piece", "piece"]),
                ("strings.reverse", ["text"]), ("upper", ["text"]), ("lower", ["text"]), ("trim_space", ["text"]),
                ("strings.count", ["text", "piece"]), ("startswith", ["text", "piece"]), ("contains", ["text", "piece"])]
PIECES = ["", "é", "😀", "a", "日", "ß", "l", "\\u0301"]
# Timestamps in nanoseconds, spelled as integers, exponents and decimals (OPA reads them
# as 64-bit big.Floats: integral ones are times, others "timestamp too big").
TIMESTAMPS = ["1e18", "1.5e18", "-1e18", "2e9", "9.2e18", "9.3e18", "1700000000000000000", "1.000000000000000001e18",
              "1.0000000000000000001e18", "1.5", "0", "1e-5", "12345678901234567890", "input.big", "input.n"]
TIME_CALLS = ["time.date({t})", "time.clock({t})", "time.weekday({t})", "time.add_date({t}, 0, 1, 1)",
              'time.format([{t}, "UTC", "2006-01-02"])', "time.diff({t}, 0)", 'time.date([{t}, "Asia/Tokyo"])']
# Terms in parentheses before a ref step: OPA starts refs at names, collections,
# comprehensions and calls only (`(input)[0]`, `("ab")[0]` and `1[0]` are parse errors).
PAREN_HEADS = ["([3, 4])[0]", '({"a": 1}).a', "(count([1]) + 1)", "({1, 2})[1]", "([x | some x in [5]])[0]",
               '(object.get({}, "a", [6]))[0]']
REFUSED_PAREN_HEADS = ["(input.xs)[0]", "(input)[\"n\"]", '("ab")[0]', "(7)[0]", "true[0]", '"ab"[0]']
SPELLED_KEYS = [["1", "1.0", "1e0", "10e-1"], ["0", "-0", "0.0"], ["100", "1e2", "100.0"], ["2.5", "25e-1"]]


class TextShapeGenerator:
    """Mixed into TreeGenerator (uses its rng, term, chance and use)."""

    def text_shape_candidates(self, kind, s, depth):
        """[(feature, make)] of the text shapes that give a term of `kind`."""
        c = []
        if kind == "num":
            c += [("number-literal-spelling", self.number_spelling),
                  ("unary-minus-operand", lambda: self.unary_minus(s, depth)),
                  ("to-number-spelling", lambda: self.to_number_spelling(s, depth))]
        if kind == "str":
            c += [("sprintf-verb", lambda: self.sprintf_verb(s, depth)),
                  ("raising-spelling", lambda: f"json.marshal({self.to_number_call(refused=True)})"),
                  ("unicode-string-builtin", lambda: self.unicode_call(s, depth))]
        if kind in ("arr", "num", "bool", "str"):
            c.append(("unicode-string-builtin", lambda: self.unicode_call(s, depth)))
        if kind == "obj":
            c.append(("number-key-spelling", lambda: self.key_spelling(s, depth)))
        if kind in ("num", "any"):
            c.append(("parenthesized-ref-head", lambda: self.paren_head(s)))
        if kind in ("arr", "str", "num"):
            c.append(("timestamp-spelling", lambda: self.rng.choice(TIME_CALLS).format(t=self.rng.choice(TIMESTAMPS))))
        if kind == "bool":
            c.append(("number-literal-spelling", lambda: f"({self.number_spelling()} == {self.number_spelling()})"))
        return c

    def number_spelling(self):
        spelling = self.rng.choice(REFUSED_SPELLINGS if self.chance(0.04) else LITERAL_SPELLINGS)
        # OPA computes with `.5` but cannot print it (README, known differences): it is
        # written bare only under `unprintable-number`, else inside arithmetic.
        if "." in spelling.lstrip("-")[:1] and not self.may("unprintable-number"):
            return f"({spelling} * 1)"
        if "." in spelling.lstrip("-")[:1]:
            self.use("unprintable-number")
        return spelling

    def unary_minus(self, s, depth):
        operand = self.rng.choice(REFUSED_MINUS_OPERANDS if self.chance(0.05) else MINUS_OPERANDS + s.of("num"))
        form = self.rng.random()
        if form < 0.4:
            return f"-{operand}"
        if form < 0.7:
            return f"({self.term('num', s, depth + 1)} {self.rng.choice(['-', '*', '+'])} -{operand})"
        return f"[-{operand}, - {self.rng.choice(['1', '2.5', '1e3', '.5'])}][0]" if self.chance(0.5) else f"abs(-{operand})"

    def sprintf_verb(self, s, depth):
        n = self.rng.randint(1, 3)
        parts = []
        for _ in range(n):
            width = self.rng.choice(["", "", "3", "8", "-6", "08"])
            precision = self.rng.choice(["", "", ".0", ".2", ".10"])
            parts.append("%" + self.rng.choice(FLAGS) + width + precision + self.rng.choice(VERBS))
        fmt = self.rng.choice(["|", " ", ""]).join(parts)
        count = n if self.chance(0.9) else self.rng.choice([n - 1, n + 1])
        args = ", ".join(self.term(self.rng.choice(["num", "str", "bool", "null", "arr", "set", "obj", "num"]), s, depth + 1)
                         for _ in range(max(count, 0)))
        return f'sprintf("{fmt}", [{args}])'

    def paren_head(self, s):
        local = [f"({v})[0]" for v in s.of("arr")]
        return self.rng.choice(REFUSED_PAREN_HEADS if self.chance(0.05) else PAREN_HEADS + local)

    def to_number_call(self, refused=False):
        """to_number of a spelling JSON lacks; with `refused`, sometimes one it refuses
        (json.marshal of the former raises too: the caller is `raising-spelling`)."""
        strings = NUMBER_STRINGS + (REFUSED_NUMBER_STRINGS if refused else [])
        return f'to_number("{self.rng.choice(strings)}")'

    def to_number_spelling(self, s, depth):
        """A parsed number used where OPA computes with it (its text never printed)."""
        op = self.rng.choice(["+", "-", "*", "/"])
        return self.rng.choice([f"({self.to_number_call()} {op} {self.term('num', s, depth + 1)})",
                                f"count([{self.to_number_call()}])", f"abs({self.to_number_call()})",
                                f"round({self.to_number_call()})"])

    def unicode_call(self, s, depth):
        name, args = self.rng.choice(STRING_CALLS)
        out = []
        for a in args:
            if a == "text":
                out.append(f'"{self.rng.choice(UNICODE_TEXTS)}"' if self.chance(0.8) else self.term("str", s, depth + 1))
            elif a == "piece":
                out.append(f'"{self.rng.choice(PIECES)}"')
            else:
                out.append(self.rng.choice(["0", "1", "2", "-1", "5", "100"]))
        return f"{name}({', '.join(out)})"

    def key_spelling(self, s, depth):
        forms = self.rng.choice(SPELLED_KEYS)
        a, b, c = (self.rng.choice(forms) for _ in range(3))

        def obj(key):
            return f"{{{key}: {self.term('any', s, depth + 1)}, \"k\": {self.term('num', s, depth + 1)}}}"
        return self.rng.choice([f"object.filter({obj(a)}, [{b}])", f"object.filter({obj(a)}, {{{b}}})",
                                f"object.filter({obj(a)}, {{{b}: 1}})", f"object.remove({obj(a)}, [{b}])",
                                f"object.union({obj(a)}, {obj(b)})", f"object.union_n([{obj(a)}, {obj(b)}, {obj(c)}])",
                                f"object.union_n([{{\"n\": {obj(a)}}}, {{\"n\": {obj(b)}}}])",
                                f"json.patch({obj(a)}, [{{\"op\": \"add\", \"path\": \"/k\", \"value\": {b}}}])",
                                f"{{k: v | some k, v in {obj(a)}}}", f"object.union({{{a}: {{\"x\": 1}}}}, {{{b}: {{\"y\": 2}}}})"])
