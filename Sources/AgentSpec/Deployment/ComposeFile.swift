// ComposeFile: `compose/docker-compose.yml` in the runbook's layout — the agent and the
// sidecar (manifest bind-mounted read-only), plus OPA with `--opa`. The manifest (and
// the policy bundle for OPA) are copied beside it so the folder is self-contained.
// Invariants: only the sidecar's ports are published (the agent is `expose`d to the
// compose network, never to the host), the control plane on the host's loopback only
// and with a required CONTROL_PLANE_TOKEN; the agent's variables go to the agent alone;
// a fleet service's token is read from the host's environment (`${BUNDLE_TOKEN:-}`,
// empty when unset: no token sent), never written into the file, and goes to the
// sidecar alone.

/// A Docker Compose deployment's files.
enum ComposeFile {
    static func files(_ plan: DeploymentPlan) -> [GeneratedFile] {
        let passThrough = plan.environmentVariables.map { YAMLEntry($0, .string("${\($0)}")) }
        let token = DeploymentPlan.controlPlaneTokenKey
        var sidecarEnv: [YAMLEntry] = [
            YAMLEntry("UPSTREAM_URL", .string("http://\(plan.name):\(plan.agentPort)")),
            YAMLEntry("MANIFEST_PATH", .string(plan.manifestPath)),
            YAMLEntry("PROXY_PORT", .string(String(DeploymentPlan.proxyPort))),
            YAMLEntry("CONTROL_PLANE_PORT", .string(String(DeploymentPlan.controlPlanePort))),
            YAMLEntry("OPA_PROXY_MODE", "track"),
            YAMLEntry("AUDIT_RING_SIZE", .string(String(DeploymentPlan.auditRingSize))),
            YAMLEntry("LOG_LEVEL", .string(plan.logLevel)),
            // `docker compose up` stops with this message when the token is not set.
            YAMLEntry(token, .string("${\(token):?set \(token), the control plane's bearer token}")),
        ]
        if plan.usesOPA { sidecarEnv.append(YAMLEntry("OPA_URL", .string("http://opa:\(DeploymentPlan.opaPort)"))) }
        for (service, url) in plan.fleet.configured {
            // FleetURL refuses '$', so compose interpolates nothing in the URL.
            sidecarEnv.append(YAMLEntry(service.urlVariable, .string(url)))
            sidecarEnv.append(YAMLEntry(service.tokenVariable, .string("${\(service.tokenVariable):-}")))
        }

        // The agent pushes its events to the control plane, so it gets the token too.
        var agentEnv = passThrough
        if !plan.environmentVariables.contains(token) { agentEnv.append(YAMLEntry(token, .string("${\(token)}"))) }
        let agent: [YAMLEntry] = [
            YAMLEntry("image", .string(plan.agentImage.reference)),
            // Reachable on the compose network (by the sidecar), not from the host.
            YAMLEntry("expose", .sequence([.string(String(plan.agentPort))])),
            YAMLEntry("environment", .mapping(agentEnv)),
        ]

        var services: [YAMLEntry] = [
            YAMLEntry(plan.name, .mapping(agent)),
            YAMLEntry("agentspec-sidecar", .map([
                "image": .string(plan.sidecarImage.reference),
                "ports": .sequence([.string("\(DeploymentPlan.proxyPort):\(DeploymentPlan.proxyPort)"),
                                    .string("127.0.0.1:\(DeploymentPlan.controlPlanePort):\(DeploymentPlan.controlPlanePort)")]),
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
                // Every service of the project reaches OPA: its API answers the sidecar's query only.
                "command": .sequence(["run", "--server", .string("--addr=0.0.0.0:\(DeploymentPlan.opaPort)"), "--authorization=basic",
                                      "--log-level=error", "/policy"]),
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
            files.append(GeneratedFile(path: "compose/policy/" + OPAAuthorization.fileName, contents: plan.opaAuthorizationRego))
        }
        return files
    }
}
