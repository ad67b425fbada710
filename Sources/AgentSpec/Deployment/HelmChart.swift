// HelmChart: the chart for a plan — Chart.yaml, values.yaml, templates rendered from
// the same trees as the k8s files (Helm mode), the manifest and policy bundle under
// files/, and the example Secret. `helm template` with default values gives the k8s
// files' documents.

/// A Helm chart's files.
enum HelmChart {
    static func files(_ plan: DeploymentPlan) -> [GeneratedFile] {
        let objects = KubernetesObjects(plan: plan)
        let header = DeploymentGenerator.header(plan)
        func template(_ name: String, _ tree: YAMLTree) -> GeneratedFile {
            GeneratedFile(path: "templates/" + name, contents: header + YAMLEmitter.render(tree, mode: .helm))
        }
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
        The sidecar reads only CONTROL_PLANE_TOKEN from it. A NetworkPolicy admits ports
        {{ .Values.sidecar.proxyPort }} and {{ .Values.sidecar.controlPlanePort }} only: the agent is reached through the sidecar.

        """
        let helmignore = """
        # Not part of the chart package: other generated targets and the secret template.
        k8s/
        compose/
        *.example

        """
        return [
            GeneratedFile(path: "Chart.yaml", contents: header + YAMLEmitter.render(chart)),
            GeneratedFile(path: "values.yaml", contents: header + YAMLEmitter.render(HelmValues.values(plan))),
            GeneratedFile(path: ".helmignore", contents: helmignore),
            template("configmap.yaml", objects.configMap),
            template("deployment.yaml", objects.deployment),
            template("service.yaml", objects.service),
            template("networkpolicy.yaml", objects.networkPolicy),
            GeneratedFile(path: "templates/NOTES.txt", contents: notes),
            GeneratedFile(path: "files/agent.yaml", contents: plan.manifestText),
            GeneratedFile(path: "files/policy.rego", contents: plan.policy.rego),
            GeneratedFile(path: "files/data.json", contents: plan.policy.dataJSON),
            GeneratedFile(path: "secret.yaml.example", contents: header + YAMLEmitter.render(objects.secretExample)),
        ]
    }
}
