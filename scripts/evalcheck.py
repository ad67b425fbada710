"""Part 6 of differential.py: `agentspec policy eval` end to end against OPA's engine.

For random policies from regogen: the module, with regogen's data spread over data files
(data.json at the root, a YAML list at names/data.yaml, an object at extra/deep/data.yml),
and a random input written as input.json or as block YAML in input.yaml, in a temporary
folder. A YAML input also holds plain scalars that YAML 1.1 (what OPA reads) types unlike
YAML 1.2 (`no`, `on`, `0x1F`, `017`, `1_000`, `1.0`), as values and as a key; the input
OPA evaluates is the engine's own yaml.unmarshal of the text (the path `opa eval -i`
takes), and `input` is one of its queries. Each query runs as
    agentspec policy eval -d DIR -i INPUT QUERY
or, for every third policy, on the bundle `agentspec policy build -d DIR -o b.tar.gz` writes
    agentspec policy eval -b b.tar.gz -i INPUT QUERY
and its stdout must be, byte for byte, what `opa eval --format json` prints: OPA's result set
(values, bindings, expression text and location, from the engine) laid out as Go's encoder
writes it. When OPA reports an error, ours must be an error too (exit 2).
Each built bundle is also unpacked (Python's tarfile, an independent reader) and loaded into
the engine — each module, each data.json at its folder's path — which must then answer every
query as it does from the sources: OPA reads what `policy build` writes.
Queries: the package, all of data, one rule, a collection's members with bindings, two
expressions in one query, a `some` declaration, a multi-line query, and the features' own.

Known type-checker disagreement this part steers around (issue 15 item 1, not policy
eval's): OPA's type checker rejects a builtin call on a partial object whose number keys
put a decimal before an integer (`o[-1] := 3`, `o[-2.5] := 0`, then `count(o)` or
`object.keys(o)`: rego_type_error "count: invalid argument(s)"; keys 1 and 2.5, or -1 and
-2, or 1, 1.5 and 2 pass), in a rule body and in a query alike; our checker accepts it
and answers. regogen writes such objects (negative head keys), so for them the count
query counts a comprehension over the keys instead (iteration is not type-checked that
way in OPA either). Seed 20261121 found it twice in 200 policies.
"""
import io
import json
import os
import random
import re
import subprocess
import sys
import tarfile
import tempfile

import regogen

HTML_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


class Number(str):
    """A JSON number kept as its text (Go's json.Number prints it as it came)."""


def loads(text):
    return json.loads(text, parse_float=Number, parse_int=Number)


def go_json(v, level=0):
    """v as Go's encoding/json Encoder with SetIndent("", "  ") writes it: objects in the
    order given (the engine's output is sorted already), `<>&` escaped in strings."""
    pad, inner = "  " * level, "  " * (level + 1)
    if isinstance(v, Number):
        return str(v)
    if v is None or isinstance(v, bool):
        return json.dumps(v)
    if isinstance(v, str):
        text = json.dumps(v, ensure_ascii=False)
        for c, esc in HTML_ESCAPES:
            text = text.replace(c, esc)
        return text
    if isinstance(v, list):
        if not v:
            return "[]"
        return "[\n" + ",\n".join(inner + go_json(x, level + 1) for x in v) + "\n" + pad + "]"
    if not v:
        return "{}"
    return "{\n" + ",\n".join(inner + go_json(k) + ": " + go_json(x, level + 1) for k, x in v.items()) + "\n" + pad + "}"


def opa_eval_text(result_set):
    """What `opa eval --format json` prints for a result set (`{}` when undefined)."""
    return go_json({"result": result_set} if result_set else {}) + "\n"


def to_yaml(v, level=0):
    """Block YAML for an input document (flow JSON, which is YAML too, for what nests deeper)."""
    pad = "  " * level
    if isinstance(v, dict) and v:
        lines = []
        for k, x in v.items():
            if isinstance(x, (dict, list)) and x and all(not isinstance(y, (dict, list)) for y in (x.values() if isinstance(x, dict) else x)):
                lines.append(f"{pad}{json.dumps(k)}:\n{to_yaml(x, level + 1)}")
            else:
                lines.append(f"{pad}{json.dumps(k)}: {json.dumps(x)}")
        return "\n".join(lines)
    if isinstance(v, list) and v and all(not isinstance(x, (dict, list)) for x in v):
        return "\n".join(f"{pad}- {json.dumps(x)}" for x in v)
    return pad + json.dumps(v)


class OPA:
    """OPA's engine in-process, answering full result sets (expressions and bindings)."""

    def __init__(self, home):
        sys.path.insert(0, home)
        import opa_bindings.engine as eng_mod
        self.eng_mod = eng_mod

    def result_set(self, modules, data, query, inp):
        """(result set, None) or (None, error text)."""
        m = self.eng_mod
        e = m.OpaEngine()
        try:
            for name, src in modules:
                e.add_policy(name, src)
            for path, value in data:
                e.add_data(value, path)
            encoded = b"" if inp is None else compact(inp).encode()
            ptr = e._lib.OpaEvalQuery(e._handle, m._cstr(query), encoded, 0, 0)
            try:
                import ctypes
                envelope = loads(ctypes.string_at(ptr).decode())
            finally:
                e._lib.OpaFreeString(ptr)
            if envelope.get("error"):
                return None, envelope["error"].get("message", "")
            return envelope.get("result") or [], None
        except m.OpaError as err:
            return None, str(err)
        finally:
            e.close()


    def yaml_as_opa_reads(self, text):
        """The document OPA makes of a YAML text: `opa eval -i` and the engine's
        yaml.unmarshal both go through sigs.k8s.io/yaml (go-yaml v2's YAML 1.1 scalars,
        then JSON: `no` is false, `0x1F` is 31, `1.0` is 1)."""
        rs, err = self.result_set([], [], "x := yaml.unmarshal(%s)" % json.dumps(text), None)
        if err is not None:
            raise ValueError(f"OPA does not read the YAML input: {err}\n{text}")
        return rs[0]["bindings"]["x"]


def compact(v):
    """Compact JSON for the engine, numbers kept as their text."""
    if isinstance(v, Number):
        return str(v)
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + compact(x) for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ",".join(compact(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)


# Plain YAML scalars whose type differs between YAML 1.1 (what OPA reads) and 1.2, or
# whose spelling JSON would keep: every YAML input carries a few, as values and as a key.
YAML11_VALUES = ["yes", "no", "on", "off", "Y", "n", "~", "0x1F", "017", "0o17", "08", "1_000", "1.0", "2.50", "+12",
                 ".5", "1e3", "12345678901234567890", "2024-01-02", "yEs", "'no'", "-0b101", "1e400"]
YAML11_KEYS = ["no", "on", "1.0", "0x10", "1e6", "y", "017"]


def rule_names(source):
    names = []
    for line in source.splitlines():
        m = re.match(r"([a-z]\w*)\b(?!\()", line)
        if m and m.group(1) not in ("package", "import", "default") and m.group(1) not in names:
            names.append(m.group(1))
    return names


def queries_for(rng, case):
    rules, colls = rule_names(case["source"]), case["collections"]
    choices = ["data.gen", "data", "x := 1\n  y := x + 1; data.limit >= y"]
    choices += [f"data.gen.{r}" for r in rules[:4]]
    for c in colls[:2]:
        # See the module comment: a decimal key before an integer key trips OPA's checker.
        counted = f"[k | data.gen.{c}[k]]" if f"{c}[-2.5] :=" in case["source"] else f"data.gen.{c}"
        choices += [f"data.gen.{c}[k]", f"some k; data.gen.{c}[k]", f"x := count({counted}); data.names[0]"]
    return rng.sample(choices, min(3, len(choices))) + case["queries"][:1]


def write_case(folder, case, inp, yaml_input, rng):
    os.makedirs(os.path.join(folder, "src", "names"))
    os.makedirs(os.path.join(folder, "src", "extra", "deep"))
    extra = {"k": rng.choice(regogen.INTS), "s": rng.choice(regogen.STRINGS)}
    files = {"src/gen.rego": case["source"], "src/data.json": json.dumps({"limit": regogen.DATA["limit"]}),
             "src/names/data.yaml": to_yaml(regogen.DATA["names"]) + "\n",
             "src/extra/deep/data.yml": to_yaml(extra) + "\n"}
    if yaml_input:
        yaml11 = f"yaml11: [{', '.join(rng.sample(YAML11_VALUES, 5))}]\n{rng.choice(YAML11_KEYS)}: key\n"
        files["input.yaml"] = (to_yaml(inp) + "\n" if inp else "") + yaml11
    else:
        files["input.json"] = json.dumps(inp)
    for name, text in files.items():
        with open(os.path.join(folder, name), "w") as f:
            f.write(text)
    data = [("", {"limit": regogen.DATA["limit"]}), ("names", regogen.DATA["names"]), ("extra.deep", extra)]
    return data, files.get("input.yaml")


def bundle_in_opa(path):
    """The modules and (dotted path, value) data of a .tar.gz, as the engine is given them."""
    modules, data = [], []
    with tarfile.open(path, "r:gz") as t:
        for m in t.getmembers():
            if not m.isfile():
                raise ValueError(f"{m.name}: not a regular file")
            name = m.name.lstrip("/")
            text = t.extractfile(m).read().decode()
            if name.endswith(".rego"):
                modules.append((name, text))
            elif os.path.basename(name) == "data.json":
                data.append((".".join(p for p in os.path.dirname(name).split("/") if p), json.loads(text)))
            elif name == ".manifest":
                manifest = json.loads(text)
                if not isinstance(manifest.get("roots"), list):
                    raise ValueError(f".manifest without roots: {text}")
    return modules, data


def run(differ, opa, rng, target):
    """Returns (policies, evaluations, bundles checked in OPA)."""
    binary = differ.args.bin
    policies = evaluations = bundles = 0
    while policies < target:
        policies += 1
        case = regogen.random_case(rng)
        inp = regogen.random_input(rng)
        yaml_input = rng.random() < 0.5
        use_bundle = policies % 3 == 0
        with tempfile.TemporaryDirectory() as folder:
            data, yaml_text = write_case(folder, case, inp, yaml_input, rng)
            # A YAML input is evaluated as OPA reads it (asked of the engine itself).
            opa_input = opa.yaml_as_opa_reads(yaml_text) if yaml_input else inp
            modules = [("src/gen.rego", case["source"])]
            source = ["-d", os.path.join(folder, "src")]
            if use_bundle:
                out = os.path.join(folder, "b.tar.gz")
                built = subprocess.run([binary, "policy", "build", "-d", os.path.join(folder, "src"), "-o", out],
                                       capture_output=True, text=True)
                if built.returncode != 0:
                    # A policy that does not compile is not built; OPA must refuse it too.
                    rs, err = opa.result_set(modules, data, "data.gen", opa_input)
                    if err is None:
                        report(differ, "policy build refused a policy OPA compiles", case, inp, "data.gen", built.stderr, "")
                    continue
                source = ["-b", out]
                bundle_modules, bundle_data = bundle_in_opa(out)
                bundles += 1
            for query in queries_for(rng, case) + (["input"] if yaml_input else []):
                evaluations += 1
                rs, err = opa.result_set(modules, data, query, opa_input)
                ours = subprocess.run([binary, "policy", "eval", *source, "-i",
                                       os.path.join(folder, "input.yaml" if yaml_input else "input.json"), query],
                                      capture_output=True, text=True)
                if err is not None:
                    if ours.returncode != 2:
                        report(differ, "OPA errs, policy eval answers", case, inp, query, err, ours.stdout)
                    continue
                want = opa_eval_text(rs)
                if ours.stdout != want:
                    report(differ, "policy eval prints other than opa eval", case, inp, query, want, ours.stdout + ours.stderr)
                if use_bundle:
                    from_bundle, berr = opa.result_set(bundle_modules, bundle_data, query, opa_input)
                    if berr is not None or opa_eval_text(from_bundle) != want:
                        report(differ, "OPA answers otherwise from the built bundle", case, inp, query, want,
                               berr or opa_eval_text(from_bundle))
    return policies, evaluations, bundles


def report(differ, what, case, inp, query, opa_text, ours_text):
    differ.disagreements += 1
    print(f"DISAGREEMENT (eval: {what}), seed {differ.args.seed}")
    print(f"--- policy\n{case['source']}\n--- input\n{json.dumps(inp)}\n--- query\n{query}")
    print(f"--- opa\n{opa_text}--- ours\n{ours_text}")
    if not differ.args.keep_going:
        sys.exit(1)
