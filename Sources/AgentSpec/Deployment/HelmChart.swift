// HelmChart: the chart for a plan — Chart.yaml, values.yaml, templates rendered from
// the same trees as the k8s files (Helm mode), the manifest and policy bundle under
// files/, and the example Secrets. `helm template` with default values gives the k8s
// files' documents; a render that sets both `opa.enabled` and `fleet.bundleURL` fails
// with the reason, as `generate --opa --bundle-url` does.

/// A Helm chart's files.
enum HelmChart {
    static func files(_ plan: DeploymentPlan) -> [GeneratedFile] {
        let objects = KubernetesObjects(plan: plan)
        let header = DeploymentGenerator.header(plan)
        func template(_ name: String, _ tree: YAMLTree, prelude: String = "") -> GeneratedFile {
            GeneratedFile(path: "templates/" + name, contents: header + prelude + YAMLEmitter.render(tree, mode: .helm))
        }
        let bundleOrOPA = """
        {{- if and .Values.opa.enabled .Values.fleet.bundleURL }}
        {{- fail "fleet.bundleURL cannot be combined with opa.enabled: the OPA container would decide from the chart's policy and the bundle would never be used" }}
        {{- end }}

        """
        let chart: YAMLTree = .map([
            "apiVersion": "v2",
            "name": .string(plan.name),
            "description": .string(plan.description),
            "type": "application",
            "version": .string(plan.version),
            "appVersion": .string(plan.version),
            "keywords": .sequence(["agentspec", "ai-agent"]),
        ])
        let notes = """
        {{ .Chart.Name }} runs with the agentspec sidecar in front of it.
          Traffic:       port {{ .Values.sidecar.proxyPort }} of service {{ .Chart.Name }}
          Control plane: port {{ .Values.sidecar.controlPlanePort }} (GET /agentspec/health/ready, /agentspec/explore, /agentspec/gap)
        The agent's environment comes from the Secret {{ .Values.secretName }}; see secret.yaml.example in the chart.
        The sidecar reads only CONTROL_PLANE_TOKEN from it; the fleet services' tokens
        (BUNDLE_TOKEN, DECISION_LOG_TOKEN, STATUS_TOKEN, each optional) come from the Secret
        {{ .Values.fleet.secretName }}, which the agent does not read. A NetworkPolicy admits ports
        {{ .Values.sidecar.proxyPort }} and {{ .Values.sidecar.controlPlanePort }} only: the agent is reached through the sidecar.

        """
        let helmignore = """
        # Not part of the chart package: other generated targets and the secret template.
        k8s/
        compose/
        *.example

        """
        var files = [
            GeneratedFile(path: "Chart.yaml", contents: header + YAMLEmitter.render(chart)),
            GeneratedFile(path: "values.yaml", contents: header + YAMLEmitter.render(HelmValues.values(plan))),
            GeneratedFile(path: ".helmignore", contents: helmignore),
            template("configmap.yaml", objects.configMap),
            template("deployment.yaml", objects.deployment, prelude: bundleOrOPA),
            template("service.yaml", objects.service),
            template("networkpolicy.yaml", objects.networkPolicy),
            GeneratedFile(path: "templates/NOTES.txt", contents: notes),
            GeneratedFile(path: "files/agent.yaml", contents: plan.manifestText),
            GeneratedFile(path: "files/policy.rego", contents: plan.policy.rego),
            GeneratedFile(path: "files/data.json", contents: plan.policy.dataJSON),
            GeneratedFile(path: "files/" + OPAAuthorization.fileName, contents: plan.opaAuthorizationRego),
            GeneratedFile(path: "secret.yaml.example", contents: header + YAMLEmitter.render(objects.secretExample)),
        ]
        if !plan.fleet.configured.isEmpty {
            files.append(GeneratedFile(path: "fleet-secret.yaml.example", contents: header + YAMLEmitter.render(objects.fleetSecretExample)))
        }
        return files
    }
}
