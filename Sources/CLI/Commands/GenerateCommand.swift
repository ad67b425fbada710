// GenerateCommand: `agentspec generate FILE --deploy k8s|helm|compose [--output DIR]
// [--image IMG] [--sidecar-image IMG] [--opa] [--bundle-url URL] [--decision-log-url URL]
// [--status-url URL] [--dry-run] [--force]` — writes the deployment files for a manifest. Nothing is written unless every file can be:
// existing files stop the command (listing them) unless --force is given.
import AgentSpec
import Foundation

enum GenerateCommand {
    static let synopsis = "agentspec generate FILE --deploy k8s|helm|compose [--output DIR] [--image IMG] [--sidecar-image IMG] [--opa] [--bundle-url URL] [--decision-log-url URL] [--status-url URL] [--dry-run] [--force]"

    static let options = OptionTable(
        valued: ["--deploy": "--deploy", "--output": "--output", "-o": "--output", "--image": "--image",
                 "--sidecar-image": "--sidecar-image", "--framework": "--framework",
                 "--bundle-url": "--bundle-url", "--decision-log-url": "--decision-log-url", "--status-url": "--status-url"],
        flags: ["--opa": "--opa", "--dry-run": "--dry-run", "--force": "--force"],
        choices: ["--deploy": DeploymentTarget.allCases.map(\.rawValue)])

    static let command = Command(
        path: ["generate"],
        summary: "Write Kubernetes, Helm or Docker Compose deployment files",
        help: """
        Usage: \(synopsis)

        Writes the files that deploy the agent of manifest FILE with the agentspec
        sidecar in front of it (proxy on 4000, control plane on 4001):
          k8s      DIR/k8s/configmap.yaml (manifest + policy bundle), secret.yaml.example
                   (one key per $env:/$secret: reference and requires.envVars, plus
                   CONTROL_PLANE_TOKEN), deployment.yaml, service.yaml, networkpolicy.yaml
                   (the pod admits the sidecar's ports only)
          helm     a chart at DIR (Chart.yaml, values.yaml, templates/, files/); its
                   default render equals the k8s files
          compose  DIR/compose/docker-compose.yml with a copy of the manifest (only the
                   sidecar's ports published; needs CONTROL_PLANE_TOKEN set)
        Output is deterministic: same manifest and options, same bytes.

        Fleet services (--bundle-url, --decision-log-url, --status-url): each URL must be
        an absolute http:// or https:// URL with a host, without user@ credentials, '$' or
        a #fragment. Its bearer token is never written into the files:
          k8s, helm  from the Secret <name>-fleet (helm: fleet.secretName), keys BUNDLE_TOKEN,
                     DECISION_LOG_TOKEN, STATUS_TOKEN, each optional (no key, no token);
                     fleet-secret.yaml.example lists the keys in use. The agent does not
                     read this Secret. The chart's values fleet.bundleURL, .decisionLogURL,
                     .statusURL ("" = off) hold the URLs.
          compose    from the host's environment when `docker compose up` runs
                     (BUNDLE_TOKEN=… etc.; unset = no token).

        Options:
          --deploy T            k8s, helm or compose (required)
          --output DIR, -o DIR  folder to write into (default: out)
          --image IMG           the agent's image (default: <name>:<version>)
          --sidecar-image IMG   the sidecar's image (default: \(DeploymentOptions.defaultSidecarImage.reference))
          --opa                 decide with an OPA container (OPA_URL) instead of the embedded VM
          --bundle-url URL      the sidecar polls this OPA bundle (BUNDLE_URL) and compiles it
                                with the manifest's policy; not with --opa
          --decision-log-url URL
                                the sidecar POSTs its decision logs here (DECISION_LOG_URL)
          --status-url URL      the sidecar POSTs its status reports here (STATUS_URL)
          --dry-run             print the files instead of writing them
          --force               overwrite existing files
          --framework NAME      accepted for compatibility; the files do not depend on it
          --help                show this help

        Exit status: 0 written, 1 invalid manifest, existing files or write failure, 64 usage error
        (an unusable fleet URL, --bundle-url with --opa).
        """,
        options: options, operands: .files, run: run)

    static func run(_ args: [String]) -> Int32 {
        let list: ArgumentList
        do {
            list = try ArgumentList(args, options)
        } catch {
            return usage(error.message)
        }
        guard list.positionals.count == 1, let file = list.positionals.first else {
            return usage(list.positionals.isEmpty ? "missing FILE" : "expected one FILE, got \(list.positionals.count)")
        }
        guard let rawTarget = list.value("--deploy") else { return usage("missing --deploy k8s|helm|compose") }
        guard let target = DeploymentTarget(rawValue: rawTarget) else {
            return usage("unknown --deploy target '\(rawTarget)'; expected one of k8s, helm, compose")
        }
        var options = DeploymentOptions(usesOPA: list.has("--opa"))
        for service in FleetService.allCases { options.fleet[service] = list.value(service.flag) }
        do { try options.validate() } catch { return usage(error.description) }
        if let raw = list.value("--image") {
            guard let image = ImageReference(parsing: raw) else { return usage("--image: '\(raw)' is not an image reference") }
            options.agentImage = image
        }
        if let raw = list.value("--sidecar-image") {
            guard let image = ImageReference(parsing: raw) else { return usage("--sidecar-image: '\(raw)' is not an image reference") }
            options.sidecarImage = image
        }
        let loaded = ManifestLoader.load(path: file)
        guard loaded.isValid, let manifest = loaded.manifest, let root = loaded.root,
              let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            for d in loaded.diagnostics { Output.err(d.description) }
            Output.err("\(file): nothing generated: the manifest is invalid (see 'agentspec validate')")
            return ExitCode.failure
        }
        let files: [GeneratedFile]
        do {
            files = try DeploymentGenerator.generate(manifest: manifest, root: root, manifestText: text, target: target, options: options)
        } catch {
            Output.err("\(file): \(error.description)")
            return ExitCode.failure
        }
        let dir = list.value("--output") ?? "out"
        if list.has("--dry-run") {
            for f in files {
                Output.out("==> \(dir)/\(f.path) <==")
                Output.write(f.contents, fd: 1)
            }
            return ExitCode.success
        }
        return write(files, into: dir, force: list.has("--force"))
    }

    static func write(_ files: [GeneratedFile], into dir: String, force: Bool) -> Int32 {
        switch GeneratedFileWriter.write(files, into: dir, force: force) {
        case .exist(let existing):
            for path in existing { Output.err("\(path): exists") }
            Output.err(GeneratedFileWriter.existMessage("generate", existing))
            return ExitCode.failure
        case .failed(let path, let reason):
            Output.err("agentspec generate: cannot write \(path): \(reason)")
            return ExitCode.failure
        case .written(let paths):
            for path in paths { Output.out("wrote \(path)") }
            return ExitCode.success
        }
    }

    static func usage(_ message: String) -> Int32 {
        Output.err("agentspec generate: \(message)\nUsage: \(synopsis)")
        return ExitCode.usage
    }
}
