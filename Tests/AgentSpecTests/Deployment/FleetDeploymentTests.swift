// FleetDeploymentTests: `generate --bundle-url/--decision-log-url/--status-url` wires
// BUNDLE_URL, DECISION_LOG_URL and STATUS_URL into the sidecar alone (Kubernetes, the
// chart's values and templates, Compose), each token from an optional key of the fleet
// Secret or from the host's environment and never in clear, no POLICY_DIR beside a
// bundle; a deployment without them is unchanged; unusable URLs and --bundle-url with
// --opa are refused naming the option and why. Checked on the parsed output.
import Testing
@testable import AgentSpec

@Suite struct FleetDeploymentTests {
    static let all = FleetSettings(bundleURL: "https://bundles.internal/agents/gymcoach.tar.gz?v=2",
                                   decisionLogURL: "http://collector.internal:8080/logs",
                                   statusURL: "http://[fd00::5]:8181/status")
    static let fleetVariables = ["BUNDLE_URL", "BUNDLE_TOKEN", "DECISION_LOG_URL", "DECISION_LOG_TOKEN", "STATUS_URL", "STATUS_TOKEN"]

    static func files(_ target: DeploymentTarget, _ fleet: FleetSettings, opa: Bool = false) throws -> [String: YAMLNode] {
        try DeploymentIsolationTests.files(try DeploymentIsolationTests.gymcoach, target, opa: opa, fleet: fleet)
    }

    static func sidecarEnvironment(_ files: [String: YAMLNode]) throws -> [String: YAMLNode] {
        let containers = try DeploymentIsolationTests.containers(try #require(files["k8s/deployment.yaml"]))
        let env = try #require(containers["agentspec-sidecar"]?["env"]?.items)
        return Dictionary(uniqueKeysWithValues: env.compactMap { e in e["name"]?.scalar.map { ($0.text, e) } })
    }

    @Test func kubernetesGivesTheSidecarEachURLAndItsTokenFromTheFleetSecret() throws {
        let files = try Self.files(.k8s, Self.all)
        let env = try Self.sidecarEnvironment(files)
        for (service, url) in Self.all.configured {
            #expect(env[service.urlVariable]?["value"]?.scalar?.text == url)
            let token = try #require(env[service.tokenVariable], "\(service.tokenVariable) missing")
            #expect(token["value"] == nil, "\(service.tokenVariable) is written in clear")
            let ref = try #require(token["valueFrom"]?["secretKeyRef"])
            #expect(ref["name"]?.scalar?.text == "gymcoach-fleet")
            #expect(ref["key"]?.scalar?.text == service.tokenVariable)
            #expect(ref["optional"]?.scalar?.value == .bool(true))
        }
        #expect(env["POLICY_DIR"] == nil, "a bundle and POLICY_DIR exclude each other in the sidecar")

        // The agent reads its own Secret whole: the fleet tokens are not in it.
        let agentSecret = DeploymentIsolationTests.keys(try #require(files["k8s/secret.yaml.example"])["stringData"])
        #expect(!agentSecret.contains { Self.fleetVariables.contains($0) })
        let containers = try DeploymentIsolationTests.containers(try #require(files["k8s/deployment.yaml"]))
        let agent = try #require(containers["gymcoach"])
        #expect(agent["envFrom"]?.items?.compactMap { $0["secretRef"]?["name"]?.scalar?.text } == ["gymcoach-secrets"])
        #expect(agent["env"]?.items?.contains { Self.fleetVariables.contains($0["name"]?.scalar?.text ?? "") } != true)

        let fleetSecret = try #require(files["k8s/fleet-secret.yaml.example"])
        #expect(fleetSecret["metadata"]?["name"]?.scalar?.text == "gymcoach-fleet")
        #expect(DeploymentIsolationTests.keys(fleetSecret["stringData"]) == ["BUNDLE_TOKEN", "DECISION_LOG_TOKEN", "STATUS_TOKEN"])
    }

    @Test func onlyTheServicesGivenAreWired() throws {
        let files = try Self.files(.k8s, FleetSettings(decisionLogURL: "http://collector:9000/logs"))
        let env = try Self.sidecarEnvironment(files)
        #expect(Self.fleetVariables.filter { env[$0] != nil } == ["DECISION_LOG_URL", "DECISION_LOG_TOKEN"])
        let secret = try #require(files["k8s/fleet-secret.yaml.example"])
        #expect(DeploymentIsolationTests.keys(secret["stringData"]) == ["DECISION_LOG_TOKEN"])
    }

    @Test(arguments: DeploymentTarget.allCases)
    func withoutFleetOptionsNothingChanges(_ target: DeploymentTarget) throws {
        let files = try Self.files(target, FleetSettings())
        #expect(!files.keys.contains { $0.contains("fleet-secret") })
        if target == .k8s {
            let env = try Self.sidecarEnvironment(files)
            #expect(Self.fleetVariables.allSatisfy { env[$0] == nil })
        }
        if target == .compose {
            let sidecar = files["compose/docker-compose.yml"]?["services"]?["agentspec-sidecar"]
            #expect(!DeploymentIsolationTests.keys(sidecar?["environment"]).contains { Self.fleetVariables.contains($0) })
        }
    }

    @Test func composeReadsTokensFromTheHostAndGivesThemToTheSidecarAlone() throws {
        let compose = try #require(try Self.files(.compose, Self.all)["compose/docker-compose.yml"])
        let sidecar = try #require(compose["services"]?["agentspec-sidecar"]?["environment"])
        for (service, url) in Self.all.configured {
            #expect(sidecar[service.urlVariable]?.scalar?.text == url)
            #expect(sidecar[service.tokenVariable]?.scalar?.text == "${\(service.tokenVariable):-}")
        }
        let agent = DeploymentIsolationTests.keys(compose["services"]?["gymcoach"]?["environment"])
        #expect(!agent.isEmpty && !agent.contains { Self.fleetVariables.contains($0) })
    }

    /// The chart holds the URLs as values and renders each hook only when its value is set.
    @Test func helmValuesHoldTheURLsAndTheTemplateReadsThem() throws {
        let values = try #require(try Self.files(.helm, Self.all)["values.yaml"])
        for (service, url) in Self.all.configured {
            #expect(values["fleet"]?[service.valuesKey]?.scalar?.text == url)
        }
        #expect(values["fleet"]?["secretName"]?.scalar?.text == "gymcoach-fleet")
        let bare = try #require(try Self.files(.helm, FleetSettings())["values.yaml"])
        #expect(bare["fleet"]?["bundleURL"]?.scalar?.text == "", "an empty URL leaves the service off")

        let template = try Self.helmTemplate("deployment.yaml", Self.all)
        for service in FleetService.allCases {
            #expect(template.contains("""
                        {{- if .Values.fleet.\(service.valuesKey) }}
                        - name: \(service.urlVariable)
                          value: {{ .Values.fleet.\(service.valuesKey) | quote }}
                        {{- end }}
                        {{- if .Values.fleet.\(service.valuesKey) }}
                        - name: \(service.tokenVariable)
                          valueFrom:
                            secretKeyRef:
                              name: {{ .Values.fleet.secretName | quote }}
                              key: \(service.tokenVariable)
                              optional: true
                        {{- end }}
            """), "\(service) hooks")
        }
        #expect(template.contains("{{- if and .Values.opa.enabled .Values.fleet.bundleURL }}\n{{- fail "))
    }

    static func helmTemplate(_ name: String, _ fleet: FleetSettings) throws -> String {
        let text = try DeploymentIsolationTests.gymcoach
        let loaded = ManifestLoader.load(text: text, file: "agent.yaml")
        let files = try DeploymentGenerator.generate(manifest: try #require(loaded.manifest), root: try #require(loaded.root),
                                                     manifestText: text, target: .helm, options: DeploymentOptions(fleet: fleet))
        return try #require(files.first { $0.path == "templates/" + name }).contents
    }

    @Test(arguments: [
        "http://bundles.internal/agents/gymcoach.tar.gz", "https://b.example.com:8443/x?sig=abc&exp=1", "HTTP://Host-1.example/",
        "http://127.0.0.1:8181/logs", "http://[::1]:9000/status", "http://bundle_server:80", "https://s3.eu-west-1.amazonaws.com/b/a.tar.gz",
    ])
    func acceptsAbsoluteHTTPURLs(_ url: String) throws {
        for service in FleetService.allCases {
            var fleet = FleetSettings()
            fleet[service] = url
            try DeploymentOptions(fleet: fleet).validate()
        }
    }

    @Test(arguments: [
        ("", "is not an http:// or https:// URL"),
        ("bundles.internal/a.tar.gz", "is not an http:// or https:// URL"),
        ("ftp://bundles.internal/a.tar.gz", "is not an http:// or https:// URL"),
        ("file:///etc/bundle.tar.gz", "is not an http:// or https:// URL"),
        ("http://", "has no host"),
        ("http:///a.tar.gz", "has no host"),
        ("http://:8080/a", "has no host"),
        ("http://user:pw@bundles.internal/a", "carries credentials (user@host), which would be logged: put the token in BUNDLE_TOKEN instead"),
        ("http://bundles.internal/$(SECRET)", "contains '$', which Kubernetes and Compose read as a variable reference: write it as %24"),
        ("http://bundles.internal/a#frag", "has a fragment (#…), which is never sent to the server"),
        ("http://bundles internal/a", "contains a blank or control character"),
        ("http://bundles.internal/a\n", "contains a blank or control character"),
        ("http://bundles.internal:0/a", "has port '0', which is not a number between 1 and 65535"),
        ("http://bundles.internal:99999/a", "has port '99999', which is not a number between 1 and 65535"),
        ("http://bundles.internal:http/a", "has port 'http', which is not a number between 1 and 65535"),
        ("http://bund!es/a", "has host 'bund!es', which is not a host name or IP address"),
        ("http://[::1/a", "has an IPv6 address without its closing ']'"),
        ("http://[zz]/a", "has 'zz' between brackets, which is not an IPv6 address"),
    ])
    func refusesUnusableURLsNamingTheOptionAndWhy(_ url: String, _ reason: String) {
        let error = #expect(throws: DeploymentError.self) { try DeploymentOptions(fleet: FleetSettings(bundleURL: url)).validate() }
        #expect(error?.path == "--bundle-url")
        #expect(error?.message == "'\(URLSecrets.masked(url))' \(reason)")
        let status = #expect(throws: DeploymentError.self) { try DeploymentOptions(fleet: FleetSettings(statusURL: url)).validate() }
        #expect(status?.path == "--status-url")
    }

    @Test func aRefusedURLIsShownWithoutItsSecrets() {
        let error = #expect(throws: DeploymentError.self) {
            try DeploymentOptions(fleet: FleetSettings(decisionLogURL: "ftp://ci:hunter2@c/logs?token=t0ken")).validate()
        }
        #expect(error?.message == "'ftp://***@c/logs?token=***' is not an http:// or https:// URL")
    }

    @Test func aBundleIsRefusedBesideAnOPAContainerButLogsAndStatusAreNot() throws {
        let error = #expect(throws: DeploymentError.self) {
            _ = try Self.files(.k8s, FleetSettings(bundleURL: "http://bundles.internal/a.tar.gz"), opa: true)
        }
        #expect(error?.description.hasPrefix("--bundle-url: cannot be combined with --opa") == true)
        let env = try Self.sidecarEnvironment(try Self.files(.k8s, FleetSettings(decisionLogURL: "http://c/logs", statusURL: "http://c/status"),
                                                             opa: true))
        #expect(env["OPA_URL"] != nil && env["DECISION_LOG_URL"] != nil && env["STATUS_URL"] != nil)
    }
}
