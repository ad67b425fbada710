// `agentspec demo`: the README's first command — the bundled example agent on
// 127.0.0.1:8000 and the sidecar in front of it (proxy 4000, control plane 4001)
// deciding on the embedded VM with the GymCoach manifest. `agentspec example-agent`
// runs the agent alone.
import ExampleAgent
import Foundation
import Sidecar

enum DemoCommand {
    static let options = OptionTable(
        valued: ["--manifest": "manifest", "--mode": "mode", "--agent-port": "agent", "--proxy-port": "proxy",
                 "--control-plane-port": "control"],
        choices: ["mode": ProxyMode.allCases.map(\.rawValue)])

    static let command = Command(
        path: ["demo"],
        summary: "Run the example agent and the sidecar in front of it (the README walkthrough)",
        help: """
        Usage: agentspec demo [--manifest FILE] [--mode enforce|track|off] [--agent-port N]
                              [--proxy-port N] [--control-plane-port N]

        Starts the bundled example agent (default 127.0.0.1:8000) and the sidecar in front
        of it on 127.0.0.1 (proxy 4000, control plane 4001) with the GymCoach manifest,
        deciding on the embedded VM, then prints curl commands to try. Ctrl-C stops both.
        Works from any folder: the manifest (default examples/gymcoach/agent.yaml) is
        looked for beside the executable's ancestors (the source tree it was built in, or
        <prefix>/share/agentspec/ for an installed binary); --manifest names another.
        """,
        options: options, operands: .none, run: run)

    static func run(_ args: [String]) -> Int32 {
        let parsed: ArgumentList
        do {
            parsed = try ArgumentList(args, options)
        } catch {
            Output.err("agentspec demo: \(error.message)")
            return ExitCode.usage
        }
        let agentPort = Int(parsed.value("agent") ?? "8000") ?? -1
        guard (1...65535).contains(agentPort) else {
            Output.err("agentspec demo: --agent-port must be an integer between 1 and 65535")
            return ExitCode.usage
        }
        let manifest: String
        if let given = parsed.value("manifest") {
            manifest = given
        } else {
            switch ExampleLocator.gymcoachManifest() {
            case .success(let path): manifest = path
            case .failure(let notFound):
                Output.err("agentspec demo: the GymCoach example (\(ExampleLocator.relativeManifest)) is not beside this executable; "
                           + "looked at \(notFound.looked.joined(separator: ", ")). Run the agentspec built in a checkout, or pass --manifest FILE.")
                return ExitCode.failure
            }
        }
        let proxyPort = parsed.value("proxy") ?? "4000", controlPort = parsed.value("control") ?? "4001"
        // Given as overrides: the demo's flags are spelled like the sidecar's, so a bad value names the flag.
        let overrides = ["UPSTREAM_URL": "http://127.0.0.1:\(agentPort)", "MANIFEST_PATH": manifest, "BIND_ADDRESS": "127.0.0.1",
                         "OPA_PROXY_MODE": parsed.value("mode") ?? "track", "PROXY_PORT": proxyPort, "CONTROL_PLANE_PORT": controlPort]
        let environment = ProcessInfo.processInfo.environment
        let configuration: SidecarConfiguration
        do { configuration = try SidecarConfiguration.load(environment: environment, overrides: overrides) } catch {
            Output.err(error.message)
            return ExitCode.failure
        }
        if let problem = SidecarManifestCheck.problem(configuration) {
            Output.err(problem)
            return ExitCode.failure
        }
        let agent: HTTPServer
        do {
            agent = try ExampleAgent.start(port: agentPort, controlPlane: "http://127.0.0.1:\(configuration.controlPlanePort)")
        } catch {
            Output.err("agentspec demo: cannot start the example agent on 127.0.0.1:\(agentPort): \(error)")
            return ExitCode.failure
        }
        let app: SidecarApp
        do { app = try SidecarApp(configuration: configuration, environment: environment) } catch {
            agent.shutdown()
            Output.err(error.message)
            return ExitCode.failure
        }
        let p = app.proxyPort, c = app.controlPlanePort
        Output.err("""

        agentspec demo: example agent on :\(agentPort), sidecar proxy on :\(p), control plane on :\(c) (mode \(configuration.mode.rawValue)).
        Try:
          curl -si localhost:\(p)/v1/chat -d '{"message":"plan my week"}'            # compliant
          curl -si localhost:\(p)/v1/chat -d '{"message":"fast: delete my last run"}' # two violations
          curl -si localhost:\(p)/v1/chat -d '{"message":"delete my last run"}' -H 'X-User-Confirmed: true'  # confirmed
          curl -s  localhost:\(c)/agentspec/audit                                    # the audit ring
          curl -s  localhost:\(c)/agentspec/health/ready
        Ctrl-C stops both.

        """)
        app.runUntilSignalled()
        agent.shutdown()
        return ExitCode.success
    }
}

enum ExampleAgentCommand {
    static let options = OptionTable(valued: ["--port": "port", "--host": "host", "--control-plane": "cp"])

    static let command = Command(
        path: ["example-agent"],
        summary: "Run the bundled example agent alone",
        help: """
        Usage: agentspec example-agent [--host H] [--port N] [--control-plane URL]

        The GymCoach stand-in used by `agentspec demo` and the end-to-end tests (default
        127.0.0.1:8000). With --control-plane it pushes events to that sidecar.
        """,
        options: options, operands: .none, run: run)

    static func run(_ args: [String]) -> Int32 {
        let parsed: ArgumentList
        do { parsed = try ArgumentList(args, options) } catch {
            Output.err("agentspec example-agent: \(error.message)")
            return ExitCode.usage
        }
        guard let port = Int(parsed.value("port") ?? "8000"), (0...65535).contains(port) else {
            Output.err("agentspec example-agent: --port must be an integer between 0 and 65535")
            return ExitCode.usage
        }
        let server: HTTPServer
        do { server = try ExampleAgent.start(host: parsed.value("host") ?? "127.0.0.1", port: port, controlPlane: parsed.value("cp")) } catch {
            Output.err("agentspec example-agent: \(error)")
            return ExitCode.failure
        }
        Output.out("example agent listening on port \(server.port)")
        let done = DispatchSemaphore(value: 0)
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        let sources = [SIGTERM, SIGINT].map { s -> DispatchSourceSignal in
            let src = DispatchSource.makeSignalSource(signal: s, queue: .global())
            src.setEventHandler { done.signal() }
            src.resume()
            return src
        }
        done.wait()
        server.shutdown()
        withExtendedLifetime(sources) {}
        return ExitCode.success
    }
}
