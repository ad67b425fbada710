// KubernetesObjects: the ConfigMap, the example Secrets, the Service and the
// NetworkPolicy for a plan, as `YAMLTree`s whose Helm hooks read the chart's values
// (`HelmValues`). The Deployment is in `KubernetesObjects+Deployment.swift`.
// Invariants: each hook's default is the value `HelmValues` writes for the same plan;
// the pod admits traffic on the sidecar's two ports only, so nothing reaches the agent
// but through the sidecar.

/// Kubernetes objects for a `DeploymentPlan`.
struct KubernetesObjects: Sendable {
    var plan: DeploymentPlan

    init(plan: DeploymentPlan) { self.plan = plan }

    /// Labels on every object; the selector uses the name label alone.
    var labels: YAMLTree {
        .map([
            "app.kubernetes.io/name": .string(plan.name),
            "app.kubernetes.io/version": .string(plan.version),
            "app.kubernetes.io/part-of": "agentspec",
        ])
    }

    var selectorLabels: YAMLTree { .map(["app.kubernetes.io/name": .string(plan.name)]) }

    func metadata(_ name: String) -> YAMLTree { .map(["name": .string(name), "labels": labels]) }

    /// The manifest and its policy bundle; the sidecar mounts it at `/manifest`. With OPA,
    /// OPA's API authorization too (OPA mounts the policy, data and authorization only).
    var configMap: YAMLTree {
        .map([
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": metadata(plan.configMapName),
            "data": .map([
                "agent.yaml": .helmFile(plan.manifestText, chartPath: "files/agent.yaml"),
                "policy.rego": .helmFile(plan.policy.rego, chartPath: "files/policy.rego"),
                "data.json": .helmFile(plan.policy.dataJSON, chartPath: "files/data.json"),
                OPAAuthorization.fileName: .helmIf(isIncluded: plan.usesOPA, condition: ".Values.opa.enabled",
                                                   .helmFile(plan.opaAuthorizationRego, chartPath: "files/" + OPAAuthorization.fileName)),
            ]),
        ])
    }

    /// Placeholder values to be replaced before `kubectl apply`.
    var secretExample: YAMLTree {
        .map([
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": metadata(plan.secretName),
            "type": "Opaque",
            "stringData": .mapping(plan.secretKeys.map { YAMLEntry($0, "REPLACE_ME") }),
        ])
    }

    /// Placeholder tokens for the fleet services the plan is wired to (each key optional:
    /// leave out the ones whose server needs no token).
    var fleetSecretExample: YAMLTree {
        .map([
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": metadata(plan.fleetSecretName),
            "type": "Opaque",
            "stringData": .mapping(plan.fleet.configured.map { YAMLEntry($0.service.tokenVariable, "REPLACE_ME") }),
        ])
    }

    /// Client traffic on the proxy port; the control plane on its own named port.
    var service: YAMLTree {
        .map([
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": metadata(plan.name),
            "spec": .map([
                "type": .helmValue("ClusterIP", template: "{{ .Values.service.type }}"),
                "selector": selectorLabels,
                "ports": .sequence([
                    .map(["name": "proxy", "port": .helmValue(.int(DeploymentPlan.proxyPort), template: "{{ .Values.sidecar.proxyPort }}"),
                          "targetPort": "proxy", "protocol": "TCP"]),
                    .map(["name": "control-plane",
                          "port": .helmValue(.int(DeploymentPlan.controlPlanePort), template: "{{ .Values.sidecar.controlPlanePort }}"),
                          "targetPort": "control-plane", "protocol": "TCP"]),
                ]),
            ]),
        ])
    }

    /// Ingress to the pod on the proxy and control-plane ports only: the agent's own
    /// port (and OPA's, with `--opa`) cannot be reached from outside the pod, whatever
    /// address the agent listens on. (Kubernetes enforces it where the network plugin
    /// supports NetworkPolicy.)
    var networkPolicy: YAMLTree {
        .map([
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": metadata(plan.name),
            "spec": .map([
                "podSelector": .map(["matchLabels": selectorLabels]),
                "policyTypes": .sequence(["Ingress"]),
                "ingress": .sequence([
                    .map(["ports": .sequence([
                        .map(["port": .helmValue(.int(DeploymentPlan.proxyPort), template: "{{ .Values.sidecar.proxyPort }}"),
                              "protocol": "TCP"]),
                        .map(["port": .helmValue(.int(DeploymentPlan.controlPlanePort), template: "{{ .Values.sidecar.controlPlanePort }}"),
                              "protocol": "TCP"]),
                    ])]),
                ]),
            ]),
        ])
    }

    /// `repo:tag` with a hook reading `<path>.repository` and `<path>.tag`.
    static func image(_ image: ImageReference, valuesPath path: String) -> YAMLTree {
        .helmValue(.string(image.reference),
                   template: "\"{{ \(path).repository }}{{ with \(path).tag }}:{{ . }}{{ end }}\"")
    }
}
