// ComposeFile: `compose/docker-compose.yml` in the runbook's layout — the agent and the
// sidecar (manifest bind-mounted read-only, environment passed through from the host),
// plus OPA with `--opa`. The manifest (and the policy bundle for OPA) are copied beside
// it so the folder is self-contained.

/// A Docker Compose deployment's files.
enum ComposeFile {
    static func files(_ plan: DeploymentPlan) -> [GeneratedFile] {
        let passThrough = plan.environmentVariables.map { YAMLEntry($0, .string("${\($0)}")) }
        var sidecarEnv: [YAMLEntry] = [
            YAMLEntry("UPSTREAM_URL", .string("http://\(plan.name):\(plan.agentPort)")),
            YAMLEntry("MANIFEST_PATH", .string(plan.manifestPath)),
            YAMLEntry("PROXY_PORT", .string(String(DeploymentPlan.proxyPort))),
            YAMLEntry("CONTROL_PLANE_PORT", .string(String(DeploymentPlan.controlPlanePort))),
            YAMLEntry("OPA_PROXY_MODE", "track"),
            YAMLEntry("AUDIT_RING_SIZE", .string(String(DeploymentPlan.auditRingSize))),
            YAMLEntry("LOG_LEVEL", .string(plan.logLevel)),
        ]
        if plan.usesOPA { sidecarEnv.append(YAMLEntry("OPA_URL", .string("http://opa:\(DeploymentPlan.opaPort)"))) }
        sidecarEnv += passThrough

        var agent: [YAMLEntry] = [
            YAMLEntry("image", .string(plan.agentImage.reference)),
            YAMLEntry("ports", .sequence([.string("\(plan.agentPort):\(plan.agentPort)")])),
        ]
        if !passThrough.isEmpty { agent.append(YAMLEntry("environment", .mapping(passThrough))) }

        var services: [YAMLEntry] = [
            YAMLEntry(plan.name, .mapping(agent)),
            YAMLEntry("agentspec-sidecar", .map([
                "image": .string(plan.sidecarImage.reference),
                "ports": .sequence([.string("\(DeploymentPlan.proxyPort):\(DeploymentPlan.proxyPort)"),
                                    .string("\(DeploymentPlan.controlPlanePort):\(DeploymentPlan.controlPlanePort)")]),
                "environment": .mapping(sidecarEnv),
                "volumes": .sequence([.string("./agent.yaml:\(plan.manifestPath):ro")]),
                "user": .string("\(DeploymentPlan.sidecarUserID):\(DeploymentPlan.sidecarUserID)"),
                "read_only": true,
                "tmpfs": .sequence(["/tmp"]),
                "cap_drop": .sequence(["ALL"]),
                "security_opt": .sequence(["no-new-privileges:true"]),
                "depends_on": .sequence(plan.usesOPA ? [.string(plan.name), "opa"] : [.string(plan.name)]),
            ])),
        ]
        if plan.usesOPA {
            services.append(YAMLEntry("opa", .map([
                "image": .string(plan.opaImage.reference),
                "command": .sequence(["run", "--server", .string("--addr=0.0.0.0:\(DeploymentPlan.opaPort)"), "--log-level=error", "/policy"]),
                "volumes": .sequence(["./policy:/policy:ro"]),
                "read_only": true,
                "cap_drop": .sequence(["ALL"]),
            ])))
        }
        var files = [
            GeneratedFile(path: "compose/docker-compose.yml",
                          contents: DeploymentGenerator.header(plan) + YAMLEmitter.render(.map(["services": .mapping(services)]))),
            GeneratedFile(path: "compose/agent.yaml", contents: plan.manifestText),
        ]
        if plan.usesOPA {
            files.append(GeneratedFile(path: "compose/policy/policy.rego", contents: plan.policy.rego))
            files.append(GeneratedFile(path: "compose/policy/data.json", contents: plan.policy.dataJSON))
        }
        return files
    }
}
