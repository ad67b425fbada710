"""regogen's builtin_errors feature: rules whose expressions raise a builtin error on some
inputs (a zero divisor, a non-numeric string, an operand of the wrong type at run time,
an invalid pattern, CIDR, duration or version), in the places where strictness decides the
answer: a complete rule's value, a condition, `not`, a default, an else chain, a partial
set or object over input, a comprehension, `every`, a function, and a rule that reads
another one. Compared with strict builtin errors (the first error ends evaluation) and
without (OPA's default: the failing expression is undefined and evaluation goes on).

Every operand comes from regogen's inputs (`input.n`, `input.m`, `input.name`,
`input.xs`, `input.tags`, `input.obj`), typed `any` for the type checker, so the errors
happen at run time and only on the inputs that provoke them; the same expression on
other inputs answers. Deterministic for a given random.Random (its own stream: regogen
draws it from the side seed, so the policies of the other features stay as they were).
"""

# Numbers: divisors and modulus operands that may be 0 or a decimal (rem needs integers),
# strings that are not numbers, operands of the wrong type.
NUMBER_EXPRESSIONS = [
    "10 / input.n", "input.m / input.n", "input.n % input.m", "input.m % 2", "7 % input.n",
    "to_number(input.name)", "to_number(input.n)", "count(input.n)", "count(input.name)",
    "input.name + 1", "input.n * input.name", "abs(input.name)", "round(input.xs)",
    "sum(input.obj)", "max(input.n)", "count(numbers.range(0, input.m))", "bits.and(input.m, 3)",
    "bits.lsh(1, input.n)", "to_number(format_int(input.m, 10))", "indexof(input.name, input.n)",
    "count(substring(input.name, input.n, 2))", "count(split(input.n, \",\"))", "units.parse(input.name)",
    "count(json.unmarshal(input.name))", "time.parse_duration_ns(input.name)", "-input.name",
    "count(array.slice(input.xs, input.name, 2))", "product(input.tags)", "input.xs[0] / input.n",
]
# Booleans: invalid patterns, CIDRs and versions built from input, wrong operand types.
BOOL_EXPRESSIONS = [
    "startswith(input.n, \"a\")", "regex.match(concat(\"\", [\"(\", input.name]), \"a\")",
    "regex.match(input.name, input.n)", "glob.match(concat(\"\", [\"[\", input.name]), [], \"a\")",
    "net.cidr_contains(input.name, \"10.0.0.1\")", "semver.compare(input.name, \"1.0.0\") > 0",
    "contains(input.xs, \"a\")", "endswith(input.name, input.n)", "is_number(10 / input.n)",
    "upper(input.n) == \"A\"", "concat(\",\", input.xs) != \"\"", "base64.decode(input.name) == \"\"",
    "object.get(input.n, \"a\", 1) == 1", "trim(input.n, \"a\") == \"\"",
]


def number(rng):
    return rng.choice(NUMBER_EXPRESSIONS)


def condition(rng):
    """A boolean expression that may raise: a comparison of a number expression or a
    boolean one."""
    if rng.random() < 0.5:
        return f"{number(rng)} {rng.choice(['>', '<', '==', '!='])} {rng.choice([0, 1, 2, 5])}"
    return rng.choice(BOOL_EXPRESSIONS)


def _reading_another(rng, r, made):
    """A rule over an earlier one of these (or over a rule of its own)."""
    if made:
        return f"{r} := [{made[-1][0]}, 1]"
    return f"{r}a := {number(rng)}\n\n{r} := {{\"v\": {r}a, \"w\": 1}}"


# (regogen kind, source of one rule named r; `made` the rules made before it), one per shape.
SHAPES = [
    ("any", lambda rng, r, made: f"{r} := {number(rng)}"),
    ("bool", lambda rng, r, made: f"{r} if {{\n\t{condition(rng)}\n}}"),
    ("bool", lambda rng, r, made: f"{r} if {{\n\tnot {condition(rng)}\n}}"),
    ("any", lambda rng, r, made: f"default {r} := {rng.choice([0, -1, 7])}\n\n{r} := {number(rng)}"),
    ("any", lambda rng, r, made: f"{r} := {number(rng)} if {{\n\t{condition(rng)}\n}} else := {number(rng)} if {{\n\t"
                                 f"{condition(rng)}\n}} else := {rng.choice([3, 4])}"),
    ("set", lambda rng, r, made: f"{r} contains y if {{\n\tsome v in input.xs\n\t"
                                 f"y := {rng.choice(['10 / v', '7 % v', 'v / input.n', 'v % input.m'])}\n}}"),
    ("obj", lambda rng, r, made: f"{r}[k] := {number(rng)} if {{\n\tsome k in input.tags\n}}"),
    ("any", lambda rng, r, made: f"{r} := [y | some v in input.xs; "
                                 f"y := {rng.choice(['10 / v', 'v % input.m', 'to_number(input.name) + v'])}]"),
    ("bool", lambda rng, r, made: f"{r} if {{\n\tevery v in input.xs {{\n\t\t"
                                  f"{rng.choice(['10 / v > 0', 'v % input.m == 0', 'v / input.n < 5'])}\n\t}}\n}}"),
    ("any", lambda rng, r, made: f"{r}f(x) := 10 / x\n\n{r}f(x) := 1 if x == 3\n\n"
                                 f"{r} := {r}f({rng.choice(['input.n', 'input.m', 'input.name'])})"),
    ("any", _reading_another),
    ("any", lambda rng, r, made: f"{r} := x if {{\n\tsome x in input.xs\n\t{condition(rng)}\n\tx > 3\n}}"),
]


def rules(rng, name):
    """([(rule name, regogen kind)], [source lines]) for one to three shapes."""
    made, lines = [], []
    for i in range(rng.randint(1, 3)):
        r = f"{name}_{i}"
        kind, shape = SHAPES[rng.randrange(len(SHAPES))]
        lines.append(shape(rng, r, made))
        made.append((r, kind))
    return made, lines
