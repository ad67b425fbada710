// KubernetesObjects+Deployment: the Deployment — the agent container (its Secret, and
// HOST=127.0.0.1 unless the manifest claims HOST), the sidecar container configured
// through the contract's variables (UPSTREAM_URL, MANIFEST_PATH, PROXY_PORT,
// CONTROL_PLANE_PORT, OPA_PROXY_MODE, AUDIT_RING_SIZE, LOG_LEVEL, CONTROL_PLANE_TOKEN from
// one Secret key, OPA_URL with `--opa`, and the fleet services' URLs with their tokens
// from optional keys of the fleet Secret), probes on the control plane, and an optional
// OPA container.
// Invariants: every container runs non-root, without privilege escalation or
// capabilities, on a read-only root filesystem (writable `/tmp` only); the sidecar
// never gets the agent's secrets (no envFrom), only the one key it needs.

extension KubernetesObjects {
    var deployment: YAMLTree {
        var podSpec: [YAMLEntry] = [
            YAMLEntry("automountServiceAccountToken", false),
            YAMLEntry("securityContext", .map(["runAsNonRoot": true, "seccompProfile": .map(["type": "RuntimeDefault"])])),
            YAMLEntry("containers", .sequence([agentContainer, sidecarContainer,
                                               .helmIf(isIncluded: plan.usesOPA, condition: ".Values.opa.enabled", opaContainer)])),
        ]
        podSpec.append(YAMLEntry("volumes", .sequence([
            .map(["name": "manifest", "configMap": .map(["name": .string(plan.configMapName)])]),
            .map(["name": "agent-tmp", "emptyDir": .mapping([])]),
            .map(["name": "sidecar-tmp", "emptyDir": .mapping([])]),
            .helmIf(isIncluded: plan.usesOPA, condition: ".Values.opa.enabled", .map([
                "name": "policy",
                "configMap": .map(["name": .string(plan.configMapName), "items": .sequence([
                    .map(["key": "policy.rego", "path": "policy.rego"]),
                    .map(["key": "data.json", "path": "data.json"]),
                    .map(["key": .string(OPAAuthorization.fileName), "path": .string(OPAAuthorization.fileName)]),
                ])]),
            ])),
        ])))
        return .map([
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": metadata(plan.name),
            "spec": .map([
                "replicas": .helmValue(1, template: "{{ .Values.replicaCount }}"),
                "selector": .map(["matchLabels": selectorLabels]),
                "template": .map([
                    "metadata": .map(["labels": labels]),
                    "spec": .mapping(podSpec),
                ]),
            ]),
        ])
    }

    private var secretName: YAMLTree { .helmValue(.string(plan.secretName), template: "{{ .Values.secretName | quote }}") }

    private var agentContainer: YAMLTree {
        var entries: [YAMLEntry] = [
            YAMLEntry("name", .string(plan.name)),
            YAMLEntry("image", Self.image(plan.agentImage, valuesPath: ".Values.image")),
            YAMLEntry("imagePullPolicy", .helmValue("IfNotPresent", template: "{{ .Values.image.pullPolicy }}")),
            // No `ports`: a declared containerPort is what `kubectl expose deployment`
            // (and meshes, and `port-forward` by name) find, and the agent's is the first
            // container's — a Service made that way would reach the agent around the
            // sidecar. The port is the agent's alone; UPSTREAM_URL names it.
        ]
        if let host = plan.agentHost {
            entries.append(YAMLEntry("env", .sequence([
                envVar(DeploymentPlan.agentHostVariable, host, "{{ .Values.agent.host | quote }}"),
            ])))
        }
        entries += [
            YAMLEntry("envFrom", .sequence([.map(["secretRef": .map(["name": secretName])])])),
            YAMLEntry("resources", .helmBlock(HelmValues.agentResources(plan), valuesPath: ".Values.agent.resources")),
            YAMLEntry("securityContext", .helmBlock(HelmValues.containerSecurity(userID: nil), valuesPath: ".Values.agent.securityContext")),
            YAMLEntry("volumeMounts", .sequence([.map(["name": "agent-tmp", "mountPath": "/tmp"])])),
        ]
        return .mapping(entries)
    }

    private var sidecarContainer: YAMLTree {
        let env: [YAMLTree] = [
            envVar("UPSTREAM_URL", plan.upstreamURL, "{{ printf \"http://localhost:%v\" .Values.agent.port | quote }}"),
            envVar("MANIFEST_PATH", plan.manifestPath, nil),
            envVar("PROXY_PORT", String(DeploymentPlan.proxyPort), "{{ .Values.sidecar.proxyPort | quote }}"),
            envVar("CONTROL_PLANE_PORT", String(DeploymentPlan.controlPlanePort), "{{ .Values.sidecar.controlPlanePort | quote }}"),
            envVar("OPA_PROXY_MODE", "track", "{{ .Values.sidecar.opaProxyMode | quote }}"),
            envVar("AUDIT_RING_SIZE", String(DeploymentPlan.auditRingSize), "{{ .Values.sidecar.auditRingSize | quote }}"),
            envVar("LOG_LEVEL", plan.logLevel, "{{ .Values.sidecar.logLevel | quote }}"),
            .map(["name": .string(DeploymentPlan.controlPlaneTokenKey), "valueFrom": .map([
                "secretKeyRef": .map(["name": secretName, "key": .string(DeploymentPlan.controlPlaneTokenKey)]),
            ])]),
            .helmIf(isIncluded: plan.usesOPA, condition: ".Values.opa.enabled",
                    envVar("OPA_URL", plan.opaURL, "{{ printf \"http://localhost:%v\" .Values.opa.port | quote }}")),
        ] + fleetEnvironment
        var entries: [YAMLEntry] = [
            YAMLEntry("name", "agentspec-sidecar"),
            YAMLEntry("image", Self.image(plan.sidecarImage, valuesPath: ".Values.sidecar.image")),
            YAMLEntry("imagePullPolicy", .helmValue("IfNotPresent", template: "{{ .Values.sidecar.image.pullPolicy }}")),
            YAMLEntry("ports", .sequence([
                .map(["name": "proxy", "containerPort": .helmValue(.int(DeploymentPlan.proxyPort), template: "{{ .Values.sidecar.proxyPort }}"), "protocol": "TCP"]),
                .map(["name": "control-plane", "containerPort": .helmValue(.int(DeploymentPlan.controlPlanePort), template: "{{ .Values.sidecar.controlPlanePort }}"), "protocol": "TCP"]),
            ])),
            YAMLEntry("env", .sequence(env)),
            YAMLEntry("readinessProbe", probe("/agentspec/health/ready", initialDelay: 5, period: 10)),
            YAMLEntry("livenessProbe", probe("/agentspec/health/live", initialDelay: 15, period: 30)),
            YAMLEntry("resources", .helmBlock(HelmValues.smallResources, valuesPath: ".Values.sidecar.resources")),
            YAMLEntry("securityContext", .helmBlock(HelmValues.containerSecurity(userID: DeploymentPlan.sidecarUserID),
                                                    valuesPath: ".Values.sidecar.securityContext")),
            YAMLEntry("volumeMounts", .sequence([
                .map(["name": "manifest", "mountPath": .string(DeploymentPlan.manifestDirectory), "readOnly": true]),
                .map(["name": "sidecar-tmp", "mountPath": "/tmp"]),
            ])),
        ]
        return .mapping(entries)
    }

    /// Per fleet service, present when its URL is (in Helm, when `fleet.<service>URL` is
    /// not empty): the URL, and the token from the fleet Secret's key of the same name —
    /// `optional`, so a server that needs no token needs no Secret.
    private var fleetEnvironment: [YAMLTree] {
        FleetService.allCases.flatMap { service -> [YAMLTree] in
            let url = plan.fleet[service]
            let condition = ".Values.fleet." + service.valuesKey
            let token: YAMLTree = .map(["name": .string(service.tokenVariable), "valueFrom": .map([
                "secretKeyRef": .map([
                    "name": .helmValue(.string(plan.fleetSecretName), template: "{{ .Values.fleet.secretName | quote }}"),
                    "key": .string(service.tokenVariable),
                    "optional": true,
                ]),
            ])])
            return [
                .helmIf(isIncluded: url != nil, condition: condition,
                        envVar(service.urlVariable, url ?? "", "{{ \(condition) | quote }}")),
                .helmIf(isIncluded: url != nil, condition: condition, token),
            ]
        }
    }

    /// OPA serving the ConfigMap's bundle on loopback only, its API limited to the
    /// sidecar's query by `OPAAuthorization` (the agent shares the pod's loopback).
    private var opaContainer: YAMLTree {
        .map([
            "name": "opa",
            "image": Self.image(plan.opaImage, valuesPath: ".Values.opa.image"),
            "imagePullPolicy": .helmValue("IfNotPresent", template: "{{ .Values.opa.image.pullPolicy }}"),
            "args": .sequence([
                "run", "--server",
                .helmValue(.string("--addr=localhost:\(DeploymentPlan.opaPort)"), template: "{{ printf \"--addr=localhost:%v\" .Values.opa.port | quote }}"),
                "--authorization=basic", "--log-level=error", "/policy",
            ]),
            "resources": .helmBlock(HelmValues.smallResources, valuesPath: ".Values.opa.resources"),
            "securityContext": .helmBlock(HelmValues.containerSecurity(userID: DeploymentPlan.sidecarUserID), valuesPath: ".Values.opa.securityContext"),
            "volumeMounts": .sequence([.map(["name": "policy", "mountPath": "/policy", "readOnly": true])]),
        ])
    }

    private func envVar(_ name: String, _ value: String, _ template: String?) -> YAMLTree {
        .map(["name": .string(name), "value": template.map { .helmValue(.string(value), template: $0) } ?? .string(value)])
    }

    private func probe(_ path: String, initialDelay: Int, period: Int) -> YAMLTree {
        .map([
            "httpGet": .map(["path": .string(path), "port": "control-plane"]),
            "initialDelaySeconds": .int(initialDelay),
            "periodSeconds": .int(period),
        ])
    }
}
