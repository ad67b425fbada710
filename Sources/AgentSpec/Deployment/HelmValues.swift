// HelmValues: the chart's `values.yaml` for a plan, and the value subtrees the
// Kubernetes objects share with it (resources, security contexts).
// Invariant: every `.Values.…` path a hook in `KubernetesObjects` reads exists here,
// with the default that hook renders in plain mode.

/// `values.yaml` and its shared subtrees.
enum HelmValues {
    /// The agent asks for its declared minimum and may burst to twice that.
    static func agentResources(_ plan: DeploymentPlan) -> YAMLTree {
        .map([
            "requests": .map(["cpu": "100m", "memory": .string("\(plan.agentMemoryMB)Mi")]),
            "limits": .map(["memory": .string("\(plan.agentMemoryMB * 2)Mi")]),
        ])
    }

    /// The sidecar and OPA: small, bounded.
    static var smallResources: YAMLTree {
        .map([
            "requests": .map(["cpu": "50m", "memory": "64Mi"]),
            "limits": .map(["memory": "256Mi"]),
        ])
    }

    /// Non-root, no privilege escalation, no capabilities, read-only root filesystem;
    /// `userID` pins the uid/gid for images whose user is known (ours and OPA's).
    static func containerSecurity(userID: Int?) -> YAMLTree {
        var entries: [YAMLEntry] = [
            YAMLEntry("allowPrivilegeEscalation", false),
            YAMLEntry("readOnlyRootFilesystem", true),
            YAMLEntry("runAsNonRoot", true),
        ]
        if let userID {
            entries += [YAMLEntry("runAsUser", .int(userID)), YAMLEntry("runAsGroup", .int(userID))]
        }
        entries.append(YAMLEntry("capabilities", .map(["drop": .sequence(["ALL"])])))
        return .mapping(entries)
    }

    static func image(_ image: ImageReference) -> YAMLTree {
        .map(["repository": .string(image.repository), "tag": .string(image.tag), "pullPolicy": "IfNotPresent"])
    }

    static func values(_ plan: DeploymentPlan) -> YAMLTree {
        var agent: [YAMLEntry] = [YAMLEntry("port", .int(plan.agentPort))]
        if let host = plan.agentHost { agent.append(YAMLEntry("host", .string(host))) }
        agent += [
            YAMLEntry("resources", agentResources(plan)),
            YAMLEntry("securityContext", containerSecurity(userID: nil)),
        ]
        return .map([
            "replicaCount": 1,
            "image": image(plan.agentImage),
            "agent": .mapping(agent),
            "sidecar": .map([
                "image": image(plan.sidecarImage),
                "proxyPort": .int(DeploymentPlan.proxyPort),
                "controlPlanePort": .int(DeploymentPlan.controlPlanePort),
                "opaProxyMode": "track",
                "auditRingSize": .int(DeploymentPlan.auditRingSize),
                "logLevel": .string(plan.logLevel),
                "resources": smallResources,
                "securityContext": containerSecurity(userID: DeploymentPlan.sidecarUserID),
            ]),
            "opa": .map([
                "enabled": .bool(plan.usesOPA),
                "image": image(plan.opaImage),
                "port": .int(DeploymentPlan.opaPort),
                "resources": smallResources,
                "securityContext": containerSecurity(userID: DeploymentPlan.sidecarUserID),
            ]),
            "service": .map(["type": "ClusterIP"]),
            "secretName": .string(plan.secretName),
            "fleet": fleet(plan),
        ])
    }

    /// The fleet services' URLs ("" leaves a service off) and the Secret their tokens
    /// come from; always present, so `--set fleet.bundleURL=…` works on any chart.
    static func fleet(_ plan: DeploymentPlan) -> YAMLTree {
        .mapping(FleetService.allCases.map { YAMLEntry($0.valuesKey, .string(plan.fleet[$0] ?? "")) }
            + [YAMLEntry("secretName", .string(plan.fleetSecretName))])
    }
}
