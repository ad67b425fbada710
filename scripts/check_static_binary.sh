#!/usr/bin/env bash
# check_static_binary.sh — the container image's build without a Docker engine: runs
# `swift build` with the BUILD_FLAGS of the Dockerfile (release, static Swift stdlib),
# then checks that the binary links no Swift runtime library (nor libcurl) and runs with an empty
# LD_LIBRARY_PATH and a minimal environment, as it would on a bare Debian root.
# Slow (a release build): run from .ci/run, not from `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
FLAGS=$(sed -n 's/^ARG BUILD_FLAGS="\(.*\)"$/\1/p' Dockerfile)
[ -n "$FLAGS" ] || { echo "Dockerfile: no ARG BUILD_FLAGS=\"…\" line" >&2; exit 1; }
# CSystemShims links zlib (-lz): its header and library come with zlib1g-dev, as in the Dockerfile.
if [ ! -e /usr/include/zlib.h ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zlib1g-dev
fi
echo "swift build $FLAGS"
# shellcheck disable=SC2086
swift build $FLAGS 2>&1 | tail -n 3
# shellcheck disable=SC2086
BIN="$(swift build $FLAGS --show-bin-path)/agentspec"
echo "shared libraries of $BIN:"
ldd "$BIN" | sed 's/^/  /'
if ldd "$BIN" | grep -Eq 'libswift|libFoundation|lib_FoundationICU|libdispatch|libBlocksRuntime'; then
    echo "FAIL: the binary still needs Swift runtime libraries" >&2
    exit 1
fi
# Outbound HTTPS loads the system libcurl with dlopen on first use (SystemCurl): linking
# it (or FoundationNetworking, which links it) maps libcurl's chain into every process.
if ldd "$BIN" | grep -Eq 'libcurl|libssl|libcrypto|libFoundationNetworking'; then
    echo "FAIL: the binary links libcurl or TLS libraries; https must be loaded on first use" >&2
    exit 1
fi
OUT=$(env -i LD_LIBRARY_PATH= PATH=/usr/bin:/bin "$BIN" --version)
# The one place the version is written (AgentSpecVersion.current).
WANT="agentspec $(sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/AgentSpec/Contract/AgentSpecVersion.swift)"
[ "$WANT" != "agentspec " ] || { echo "FAIL: no version found in Sources/AgentSpec/Contract/AgentSpecVersion.swift" >&2; exit 1; }
[ "$OUT" = "$WANT" ] \
    || { echo "FAIL: unexpected --version output: $OUT" >&2; exit 1; }
# zlib (CSystemShims' gzip) must be there at run time too: build a bundle and read it back.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/src/ci" && printf 'package ci\n\nok := true\n' > "$WORK/src/ci/ci.rego"
env -i LD_LIBRARY_PATH= PATH=/usr/bin:/bin "$BIN" policy build -d "$WORK/src" -o "$WORK/b.tar.gz" >/dev/null \
    || { echo "FAIL: policy build could not write a .tar.gz bundle" >&2; exit 1; }
GOT=$(env -i LD_LIBRARY_PATH= PATH=/usr/bin:/bin "$BIN" policy eval -b "$WORK/b.tar.gz" -f raw data.ci.ok) \
    || { echo "FAIL: policy eval could not read the .tar.gz bundle" >&2; exit 1; }
[ "$GOT" = "true" ] || { echo "FAIL: the bundle's data.ci.ok is \"$GOT\", not true" >&2; exit 1; }
echo "ok: $OUT (static Swift stdlib, empty LD_LIBRARY_PATH, a .tar.gz bundle written and read)"
