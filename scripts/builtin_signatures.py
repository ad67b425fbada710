#!/usr/bin/env python3
"""Writes Sources/PolicyVM/Types/BuiltinSignatures+Table.swift from the real OPA engine
(../shared/tools/opa): the declaration of every builtin the VM implements, argument
names and types and the result, exactly as OPA declares them.

  scripts/builtin_signatures.py > Sources/PolicyVM/Types/BuiltinSignatures+Table.swift

Types come from the newest capabilities document embedded in the engine library (what
`opa capabilities --current` prints); that document leaves out argument names, so the
names are read from the engine's own type errors: each builtin is called with wrong
arguments and the `want:` line of the error lists `name: type` for every argument and
the result. The builtins listed are the ones the VM implements (NAMES below) plus the
operators the type checker reads (eq, assign, internal.member_2/3). Standard library only.
"""
import glob
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")

NAMES = """abs and bits.and bits.lsh bits.negate bits.or bits.rsh bits.xor array.concat array.flatten array.reverse array.slice assign base64.decode base64.encode
base64.is_valid base64url.decode base64url.encode base64url.encode_no_pad ceil concat contains
count crypto.hmac.equal crypto.hmac.md5 crypto.hmac.sha1 crypto.hmac.sha256 crypto.hmac.sha512
crypto.md5 crypto.sha1 crypto.sha256 div endswith eq equal floor format_int glob.match glob.quote_meta
graph.reachable graph.reachable_paths gt gte hex.decode hex.encode indexof indexof_n
internal.member_2 internal.member_3 io.jwt.decode io.jwt.decode_verify io.jwt.encode_sign io.jwt.encode_sign_raw io.jwt.verify_hs256 io.jwt.verify_hs384 io.jwt.verify_hs512 intersection is_array is_boolean is_null is_number
is_object is_set is_string json.filter json.is_valid json.marshal json.patch json.remove
json.marshal_with_options json.unmarshal lower lt lte max min minus mul neq net.cidr_contains net.cidr_contains_matches
net.cidr_expand net.cidr_intersects net.cidr_is_valid net.cidr_merge numbers.range numbers.range_step
opa.runtime object.filter object.get object.keys object.remove object.subset object.union object.union_n
or plus print product rand.intn regex.find_all_string_submatch_n regex.find_n regex.is_valid
regex.match regex.replace regex.split regex.template_match rem replace round semver.compare
semver.is_valid sort split sprintf startswith strings.any_prefix_match
strings.any_suffix_match strings.count strings.replace_n strings.reverse strings.split_n
substring sum time.add_date time.clock time.date time.diff time.format time.now_ns
time.parse_duration_ns time.parse_ns time.parse_rfc3339_ns time.weekday to_number trace trim
trim_left trim_prefix trim_right trim_space trim_suffix type_name union units.parse units.parse_bytes
upper urlquery.decode urlquery.decode_object urlquery.encode urlquery.encode_object
uuid.parse uuid.rfc4122 walk""".split()


def swift_key(v):
    return "." + ("string(%s)" % json.dumps(v) if isinstance(v, str) else "number(%s)" % v)


def swift(t):
    kind = t["type"]
    if kind in ("null", "boolean", "number", "string"):
        return "." + kind
    if kind == "any":
        of = t.get("of")
        return ".any" if not of else ".anyOf([" + ", ".join(swift(x) for x in of) + "])"
    if kind == "set":
        return ".set(" + swift(t["of"]) + ")"
    if kind == "array":
        static = t.get("static") or []
        dyn = t.get("dynamic")
        if not static:
            return ".array(" + swift(dyn) + ")"
        return ".array([" + ", ".join(swift(x) for x in static) + "], " + (swift(dyn) if dyn else "nil") + ")"
    if kind == "object":
        static = t.get("static") or []
        dyn = t.get("dynamic")
        props = "[" + ", ".join("ObjectProperty(%s, %s)" % (swift_key(p["key"]), swift(p["value"])) for p in static) + "]"
        d = "DynamicProperty(%s, %s)" % (swift(dyn["key"]), swift(dyn["value"])) if dyn else "nil"
        if not static and dyn:
            return ".object(key: %s, value: %s)" % (swift(dyn["key"]), swift(dyn["value"]))
        return ".object(%s, %s)" % (props, d)
    if kind == "function":
        return ".function(" + declaration(t) + ")"
    raise SystemExit(f"unknown type {kind}")


def named(t, name):
    return "(%s, %s)" % (json.dumps(name), swift(t))


def declaration(decl, names=()):
    names = list(names) + [""] * (len(decl.get("args", [])) + 1)
    args = "[" + ", ".join(named(a, n) for a, n in zip(decl.get("args", []), names)) + "]"
    if "variadic" in decl:
        return "FunctionType(variadic: %s)" % swift(decl["variadic"])
    result = named(decl["result"], names[len(decl.get("args", []))]) if "result" in decl else "nil"
    return "FunctionType(%s, %s)" % (args, result)


def engine_capabilities():
    """The capabilities document with the most builtins embedded in the engine library."""
    home = subprocess.run(["bash", os.path.join(SHARED, "tools", "opa", "install.sh")],
                          check=True, capture_output=True, text=True).stdout.strip()
    data = open(os.path.join(home, "opa_bindings", "libopabridge.so"), "rb").read()
    decoder, best = json.JSONDecoder(), None
    for m in re.finditer(rb'\{\s*"builtins"\s*:\s*\[', data):
        try:
            doc, _ = decoder.raw_decode(data[m.start():m.start() + 400_000].decode("utf-8", "replace"))
        except ValueError:
            continue
        if best is None or len(doc["builtins"]) >= len(best["builtins"]):
            best = doc
    return {b["name"]: b for b in best["builtins"]}


def engine_argument_names(caps):
    """name -> [argument names..., result name], from the engine's `want:` lines."""
    requests = []
    for n in NAMES:
        decl = caps[n]["decl"]
        if "variadic" in decl or n in ("eq", "assign") or n.startswith("internal."):
            continue
        out = '"s"' if decl["result"]["type"] != "string" else "1"
        args = ["null"] * len(decl.get("args", [])) + [out]
        requests.append({"protocol": "rego-conformance/1", "id": n, "data": {}, "query": "x := 1",
                         "strict_builtin_errors": True,
                         "modules": [{"name": "m.rego", "source": f"package p\nx if {{ {n}({', '.join(args)}) }}\n"}]})
    runner = os.path.join(SHARED, "conformance", "reference_runner.py")
    answers = subprocess.run([sys.executable, runner], input="".join(json.dumps(r) + "\n" for r in requests),
                             capture_output=True, text=True, check=True).stdout
    names = {}
    for line in answers.splitlines():
        a = json.loads(line)
        want = re.search(r"want: \((.*)\)$", a.get("error", {}).get("message", ""), re.M)
        if not want:
            raise SystemExit(f"no want: line for {a['id']}: {a}")
        # Names inside an object type (`object<indent: string, …>`) are its keys, not arguments.
        flat = want.group(1)
        while re.search(r"<[^<>]*>", flat):
            flat = re.sub(r"<[^<>]*>", "", flat)
        names[a["id"]] = [m.group(1) for m in re.finditer(r"(?:^|, )(\w+): ", flat)]
    return names


def main():
    caps = engine_capabilities()
    arg_names = engine_argument_names(caps)
    missing = [n for n in NAMES if n not in caps]
    if missing:
        raise SystemExit(f"not in the capabilities: {missing}")
    print("// BuiltinSignatures+Table: OPA's declaration of every builtin the VM implements, as")
    print("// OPA's capabilities document lists it (argument names and types, the result).")
    print("// Generated by scripts/builtin_signatures.py from OPA v1's capabilities; do not edit.")
    print()
    print("extension BuiltinSignatures {")
    print("    static let declarations: [(name: String, type: FunctionType)] = [")
    for n in sorted(NAMES):
        print("        (%s, %s)," % (json.dumps(n), declaration(caps[n]["decl"], arg_names.get(n, []))))
    print("    ]")
    print("}")


if __name__ == "__main__":
    main()
