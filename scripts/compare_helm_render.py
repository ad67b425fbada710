#!/usr/bin/env python3
"""Compare `helm template` output with the k8s files agentspec generates.

Usage: compare_helm_render.py RENDER.yaml K8S_FILE...
Both sides are parsed as YAML and compared object by object (kind/name); exits 1 and
prints the first difference when they do not mean the same documents.
"""
import sys

import yaml


def documents(texts):
    found = {}
    for text in texts:
        for doc in yaml.safe_load_all(text):
            if doc is None:
                continue
            key = (doc.get("kind"), doc.get("metadata", {}).get("name"))
            if key in found:
                sys.exit(f"duplicate object {key}")
            found[key] = doc
    return found


def first_difference(a, b, path="$"):
    if type(a) is not type(b):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                return f"{path}.{k}: present on one side only"
            d = first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {a!r} != {b!r}"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        rendered = documents([f.read()])
    texts = []
    for name in sys.argv[2:]:
        with open(name) as f:
            texts.append(f.read())
    generated = documents(texts)
    if set(rendered) != set(generated):
        sys.exit(f"objects differ: helm {sorted(rendered)} vs k8s {sorted(generated)}")
    for key in sorted(generated):
        d = first_difference(rendered[key], generated[key])
        if d:
            sys.exit(f"{key[0]}/{key[1]}: {d}")
    print(f"helm render equals the k8s files ({len(generated)} objects)")


if __name__ == "__main__":
    main()
