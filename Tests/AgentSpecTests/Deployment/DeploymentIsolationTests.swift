// DeploymentIsolationTests: what we generate opens no way around the sidecar. Compose
// publishes the sidecar's ports only (the agent is `expose`d), the control plane on the
// host's loopback with a required token, and gives the sidecar none of the agent's
// variables; Kubernetes gives the sidecar no envFrom of the agent's Secret, only the
// CONTROL_PLANE_TOKEN key (listed in secret.yaml.example), admits ports 4000/4001 to the
// pod only (NetworkPolicy), and tells the agent to listen on loopback unless the
// manifest claims HOST. The agent's container declares no port (`kubectl expose` would
// find it), no container asks for a host port or the host's network, and the OPA of
// `--opa` answers the sidecar's query only (`--authorization=basic` with a generated
// system.authz policy): the agent beside it cannot replace the policy it is judged by.
// Checked on the parsed output, for GymCoach and a bare manifest.
import PolicyVM
import Testing
@testable import AgentSpec

@Suite struct DeploymentIsolationTests {
    static func files(_ text: String, _ target: DeploymentTarget, opa: Bool = false,
                      fleet: FleetSettings = FleetSettings()) throws -> [String: YAMLNode] {
        let loaded = ManifestLoader.load(text: text, file: "agent.yaml")
        let manifest = try #require(loaded.manifest, "\(loaded.diagnostics)")
        let generated = try DeploymentGenerator.generate(manifest: manifest, root: try #require(loaded.root), manifestText: text,
                                                         target: target, options: DeploymentOptions(usesOPA: opa, fleet: fleet))
        var out: [String: YAMLNode] = [:]
        for f in generated where f.path.hasSuffix(".yaml") || f.path.hasSuffix(".yml") || f.path.hasSuffix(".example") {
            if f.path.hasPrefix("templates/") { continue }
            out[f.path] = try YAMLParser.parseDocument(f.contents)
        }
        return out
    }

    static var gymcoach: String { get throws { try String(contentsOf: TestManifests.gymcoach, encoding: .utf8) } }
    static let agentVariables = ["GROQ_API_KEY", "DATABASE_URL", "REDIS_URL", "AZURE_OPENAI_API_KEY"]

    static func keys(_ node: YAMLNode?) -> [String] { node?.pairs?.compactMap { $0.key.scalar?.text } ?? [] }
    static func texts(_ node: YAMLNode?) -> [String] { node?.items?.compactMap { $0.scalar?.text } ?? [] }

    @Test(arguments: [false, true])
    func composePublishesOnlyTheSidecar(opa: Bool) throws {
        let compose = try #require(try Self.files(try Self.gymcoach, .compose, opa: opa)["compose/docker-compose.yml"])
        let services = try #require(compose["services"])
        let agent = try #require(services["gymcoach"])
        #expect(agent["ports"] == nil, "the agent's port is not published to the host")
        #expect(Self.texts(agent["expose"]) == ["8000"])
        let sidecar = try #require(services["agentspec-sidecar"])
        #expect(Self.texts(sidecar["ports"]) == ["4000:4000", "127.0.0.1:4001:4001"])
        let sidecarEnv = Self.keys(sidecar["environment"])
        for variable in Self.agentVariables { #expect(!sidecarEnv.contains(variable), "the sidecar gets \(variable)") }
        #expect(sidecar["environment"]?["CONTROL_PLANE_TOKEN"]?.scalar?.text.hasPrefix("${CONTROL_PLANE_TOKEN:?") == true)
        let agentEnv = Self.keys(agent["environment"])
        #expect(Self.agentVariables.allSatisfy(agentEnv.contains) && agentEnv.contains("CONTROL_PLANE_TOKEN"))
        if opa { #expect(services["opa"]?["ports"] == nil, "OPA is not published either") }
    }

    static func containers(_ deployment: YAMLNode) throws -> [String: YAMLNode] {
        let list = try #require(deployment["spec"]?["template"]?["spec"]?["containers"]?.items)
        return Dictionary(uniqueKeysWithValues: list.compactMap { c in c["name"]?.scalar.map { ($0.text, c) } })
    }

    @Test(arguments: [false, true])
    func kubernetesGivesTheSidecarOnlyTheTokenAndAdmitsOnlyItsPorts(opa: Bool) throws {
        let files = try Self.files(try Self.gymcoach, .k8s, opa: opa)
        let containers = try Self.containers(try #require(files["k8s/deployment.yaml"]))
        let sidecar = try #require(containers["agentspec-sidecar"])
        #expect(sidecar["envFrom"] == nil, "no envFrom of the agent's Secret")
        let env = try #require(sidecar["env"]?.items)
        let token = try #require(env.first { $0["name"]?.scalar?.text == "CONTROL_PLANE_TOKEN" })
        #expect(token["valueFrom"]?["secretKeyRef"]?["name"]?.scalar?.text == "gymcoach-secrets")
        #expect(token["valueFrom"]?["secretKeyRef"]?["key"]?.scalar?.text == "CONTROL_PLANE_TOKEN")
        #expect(!env.contains { Self.agentVariables.contains($0["name"]?.scalar?.text ?? "") })

        let agent = try #require(containers["gymcoach"])
        #expect(agent["envFrom"]?.items?.first?["secretRef"]?["name"]?.scalar?.text == "gymcoach-secrets")
        #expect(agent["env"]?.items?.first { $0["name"]?.scalar?.text == "HOST" }?["value"]?.scalar?.text == "127.0.0.1")

        let secret = try #require(files["k8s/secret.yaml.example"])
        #expect(Self.keys(secret["stringData"]).last == "CONTROL_PLANE_TOKEN")
        #expect(Self.agentVariables.allSatisfy(Self.keys(secret["stringData"]).contains))

        let policy = try #require(files["k8s/networkpolicy.yaml"])
        #expect(policy["kind"]?.scalar?.text == "NetworkPolicy")
        #expect(policy["spec"]?["podSelector"]?["matchLabels"]?["app.kubernetes.io/name"]?.scalar?.text == "gymcoach")
        #expect(Self.texts(policy["spec"]?["policyTypes"]) == ["Ingress"])
        let rules = try #require(policy["spec"]?["ingress"]?.items)
        #expect(rules.count == 1 && rules[0]["from"] == nil)
        #expect(rules[0]["ports"]?.items?.compactMap { $0["port"]?.scalar?.text } == ["4000", "4001"])
    }

    @Test func aManifestThatClaimsHOSTKeepsItAndABareOneStillGetsATokenKey() throws {
        let claims = TestManifests.text(spec: ["requires:", "  envVars: [HOST]"])
        let claimed = try Self.containers(try #require(try Self.files(claims, .k8s)["k8s/deployment.yaml"]))
        #expect(claimed["test-agent"]?["env"] == nil, "HOST is the manifest's: not overridden")

        let bare = try Self.files(TestManifests.text(apiKey: "sk-inline"), .k8s)
        #expect(Self.keys(try #require(bare["k8s/secret.yaml.example"])["stringData"]) == ["CONTROL_PLANE_TOKEN"])
        let containers = try Self.containers(try #require(bare["k8s/deployment.yaml"]))
        #expect(containers["test-agent"]?["envFrom"] != nil && containers["agentspec-sidecar"]?["envFrom"] == nil)
    }

    @Test func theHelmChartShipsTheNetworkPolicy() throws {
        let loaded = ManifestLoader.load(text: try Self.gymcoach, file: "agent.yaml")
        let files = try DeploymentGenerator.generate(manifest: try #require(loaded.manifest), root: try #require(loaded.root),
                                                     manifestText: try Self.gymcoach, target: .helm, options: DeploymentOptions())
        let template = try #require(files.first { $0.path == "templates/networkpolicy.yaml" })
        #expect(template.contents.contains("port: {{ .Values.sidecar.proxyPort }}"))
        #expect(try #require(files.first { $0.path == "values.yaml" }).contents.contains("host: \"127.0.0.1\""))
    }

    @Test(arguments: [false, true])
    func noContainerDeclaresTheAgentsPortOrTheHostsNetwork(opa: Bool) throws {
        let deployment = try #require(try Self.files(try Self.gymcoach, .k8s, opa: opa)["k8s/deployment.yaml"])
        let pod = try #require(deployment["spec"]?["template"]?["spec"])
        #expect(pod["hostNetwork"] == nil && pod["hostPID"] == nil)
        let containers = try Self.containers(deployment)
        #expect(containers["gymcoach"]?["ports"] == nil, "a declared agent port is what `kubectl expose` publishes")
        let declared = containers.values.flatMap { $0["ports"]?.items ?? [] }
        #expect(declared.compactMap { $0["containerPort"]?.scalar?.text }.sorted() == ["4000", "4001"])
        #expect(declared.allSatisfy { $0["hostPort"] == nil })
    }

    /// OPA's answers to API calls under the generated authorization policy, on the VM.
    static func opaAllows(_ rego: String, _ method: String, _ path: [String]) throws -> Bool {
        let program = try PolicyCompiler.compile([(OPAAuthorization.fileName, rego)])
        let input: Value = .object(["method": .string(method), "path": .array(path.map(Value.string))])
        return try PreparedQuery.document(["system", "authz", "allow"], program: program).evaluateValue(input: input) == .true
    }

    @Test(arguments: [DeploymentTarget.k8s, .compose])
    func theGeneratedOPAAnswersTheSidecarsQueryOnly(target: DeploymentTarget) throws {
        let loaded = ManifestLoader.load(text: try Self.gymcoach, file: "agent.yaml")
        let generated = try DeploymentGenerator.generate(manifest: try #require(loaded.manifest), root: try #require(loaded.root),
                                                         manifestText: try Self.gymcoach, target: target,
                                                         options: DeploymentOptions(usesOPA: true))
        let rego: String
        let arguments: [String]
        if target == .k8s {
            let files = try Self.files(try Self.gymcoach, .k8s, opa: true)
            rego = try #require(files["k8s/configmap.yaml"]?["data"]?[OPAAuthorization.fileName]?.scalar?.text)
            let deployment = try #require(files["k8s/deployment.yaml"])
            let opa = try #require(try Self.containers(deployment)["opa"])
            arguments = Self.texts(opa["args"])
            let volumes = try #require(deployment["spec"]?["template"]?["spec"]?["volumes"]?.items)
            let items = volumes.first { $0["name"]?.scalar?.text == "policy" }?["configMap"]?["items"]?.items ?? []
            #expect(items.compactMap { $0["key"]?.scalar?.text } == ["policy.rego", "data.json", OPAAuthorization.fileName])
        } else {
            rego = try #require(generated.first { $0.path == "compose/policy/" + OPAAuthorization.fileName }).contents
            let compose = try YAMLParser.parseDocument(try #require(generated.first { $0.path == "compose/docker-compose.yml" }).contents)
            arguments = Self.texts(compose["services"]?["opa"]?["command"])
        }
        #expect(arguments.contains("--authorization=basic"), "\(arguments)")
        #expect(try Self.opaAllows(rego, "POST", ["v1", "data", "agentspec", "agent", "gymcoach", "deny"]))
        #expect(try Self.opaAllows(rego, "GET", ["health"]))
        for (method, path) in [("PUT", ["v1", "policies", "policy.rego"]), ("DELETE", ["v1", "policies", "policy.rego"]),
                               ("PUT", ["v1", "data", "agentspec", "agent", "gymcoach"]), ("PATCH", ["v1", "data"]),
                               ("PUT", ["v1", "data", "agentspec", "agent", "gymcoach", "deny"]),
                               ("POST", ["v1", "data", "agentspec", "agent", "gymcoach", "allow"]), ("GET", ["v1", "data"]),
                               ("GET", ["v1", "policies"]), ("POST", ["v1", "query"]), ("POST", ["v1", "compile"])] {
            #expect(try !Self.opaAllows(rego, method, path), "\(method) /\(path.joined(separator: "/")) must be refused")
        }
    }
}
