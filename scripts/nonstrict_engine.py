#!/usr/bin/env python3
"""The real OPA engine with strict builtin errors OFF, for the non-strict oracle.

The shared OPA bridge (../shared/tools/opa/install.sh: OPA's Go `rego` package built as
libopabridge.so) always evaluates with `rego.StrictBuiltinErrors(true)`, so a request with
"strict_builtin_errors": false gets strict answers from it (reference_runner.py says so).
OPA's default, `opa eval` without --strict-builtin-errors and every OPA server, is the other
mode. This script copies the bridge into a cache folder and changes one instruction in the
copy: the option closure `main.evalCommon.func1.StrictBuiltinErrors.3`, which stores the
bridge's captured `true` into the rego object (`movzbl 0x8(%rdx),%ecx`), stores 0 instead
(`xor %ecx,%ecx; nop`). Nothing else in OPA changes; the copy is OPA evaluating as `opa eval`
does by default. The patch is checked before (the exact bytes at the symbol, found in the library's ELF symbol table)
and after (10 / 0 is an eval_builtin_error in the shared engine and undefined in the copy).

Prints the folder to pass as OPA_BINDINGS_DIR to reference_runner.py. Idempotent.
Usage: scripts/nonstrict_engine.py [--home DIR]   (default ~/.cache/opa-engine-nonstrict)
Standard library only.
"""
import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
RUNNER = os.path.join(SHARED, "conformance", "reference_runner.py")
INSTALL_SH = os.path.join(SHARED, "tools", "opa", "install.sh")
SYMBOL = "main.evalCommon.func1.StrictBuiltinErrors.3"
LOAD_CAPTURED = bytes([0x0F, 0xB6, 0x4A, 0x08])   # movzbl 0x8(%rdx),%ecx
LOAD_FALSE = bytes([0x31, 0xC9, 0x66, 0x90])      # xor %ecx,%ecx ; xchg %ax,%ax


def symbol_offset(library):
    """File offset of SYMBOL, read from the library's ELF symbol table (the bridge's text
    segment has file offset == address)."""
    with open(library, "rb") as f:
        elf = f.read()
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        raise SystemExit(f"{library}: not a little-endian ELF64 file")
    shoff, = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", elf, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", elf, shoff + i * shentsize) for i in range(shnum)]
    wanted = SYMBOL.encode()
    for _, kind, _, _, offset, size, link, _, _, entsize in sections:
        if kind != 2:   # SHT_SYMTAB
            continue
        strtab = sections[link][4]
        for at in range(offset, offset + size, entsize):
            name, _, _, _, value, _ = struct.unpack_from("<IBBHQQ", elf, at)
            start = strtab + name
            if elf[start:start + len(wanted) + 1] == wanted + b"\0":
                return value
    raise SystemExit(f"{library}: no symbol {SYMBOL} (another bridge version? the patch needs review)")


def ask(home, query):
    req = {"protocol": "rego-conformance/1", "id": "check", "modules": [], "data": {}, "query": query,
           "strict_builtin_errors": False}
    env = dict(os.environ, OPA_BINDINGS_DIR=home) if home else {k: v for k, v in os.environ.items() if k != "OPA_BINDINGS_DIR"}
    out = subprocess.run([sys.executable, RUNNER], input=json.dumps(req) + "\n", capture_output=True, text=True, env=env)
    return json.loads(out.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--home", default=os.path.expanduser("~/.cache/opa-engine-nonstrict"))
    home = ap.parse_args().home
    library = os.path.join(home, "opa_bindings", "libopabridge.so")
    if not os.path.exists(library):
        shared = subprocess.run(["bash", INSTALL_SH], check=True, capture_output=True, text=True).stdout.strip()
        os.makedirs(home, exist_ok=True)
        work = tempfile.mkdtemp(dir=home)   # its own folder: two runs may build at once
        try:
            copy = os.path.join(work, "opa_bindings")
            shutil.copytree(os.path.join(shared, "opa_bindings"), copy)
            patched = os.path.join(copy, "libopabridge.so")
            offset = symbol_offset(patched)
            with open(patched, "r+b") as f:
                f.seek(offset)
                found = f.read(4)
                if found != LOAD_CAPTURED:
                    raise SystemExit(f"{patched}: {SYMBOL} starts with {found.hex()}, expected {LOAD_CAPTURED.hex()}")
                f.seek(offset)
                f.write(LOAD_FALSE)
            try:
                os.rename(copy, os.path.join(home, "opa_bindings"))
            except OSError:
                if not os.path.exists(library):   # not another run's copy, landed first
                    raise
        finally:
            shutil.rmtree(work, ignore_errors=True)
    strict, loose = ask(None, "x := 10 / 0"), ask(home, "x := 10 / 0")
    if strict.get("error", {}).get("code") != "eval_builtin_error" or loose != {"id": "check", "ok": True, "results": []}:
        raise SystemExit(f"the non-strict engine does not check out: strict {strict}, non-strict {loose}")
    print(home)


if __name__ == "__main__":
    main()
