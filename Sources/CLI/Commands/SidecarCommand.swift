// `agentspec sidecar`: runs the proxy and the control plane in front of an agent,
// configured by the runbook's environment variables or the flags that mirror them.
import AgentSpec
import Foundation
import Sidecar

enum SidecarCommand {
    static let options: OptionTable = {
        var table = OptionTable(flags: ["--version": "--version"], choices: ["OPA_PROXY_MODE": ProxyMode.allCases.map(\.rawValue),
                                                                                    "OPA_FAIL_MODE": OPAFailMode.allCases.map(\.rawValue),
                                                                                    "LOG_LEVEL": LogLevel.allCases.map(\.rawValue)])
        for (variable, flag) in SidecarConfiguration.flags { table.valued[flag] = variable }
        return table
    }()

    static let command = Command(
        path: ["sidecar"],
        summary: "Run the sidecar: proxy (4000) and control plane (4001) deciding on the embedded VM",
        help: """
        Usage: agentspec sidecar [options]

        Every option mirrors an environment variable (the flag wins):
          --upstream URL               UPSTREAM_URL           the agent (default http://localhost:8000)
          --manifest FILE              MANIFEST_PATH          agent.yaml (default /manifest/agent.yaml)
          --proxy-port N               PROXY_PORT             default 4000
          --control-plane-port N       CONTROL_PLANE_PORT     default 4001
          --bind ADDRESS               BIND_ADDRESS           default 0.0.0.0
          --mode enforce|track|off     OPA_PROXY_MODE         default track
          --opa-url URL                OPA_URL                decide on a remote OPA instead (fails open)
          --opa-timeout-ms N           OPA_TIMEOUT_MS         default 500 (bounds the whole remote decision)
          --opa-fail-mode open|closed  OPA_FAIL_MODE          default open; closed blocks (503) in enforce mode
                                                              when the remote OPA cannot decide
          --policy-dir DIR             POLICY_DIR             an OPA bundle compiled with the policy: a folder
                                                              (.rego, data.json/data.yaml) or a .tar.gz
          --audit-ring-size N          AUDIT_RING_SIZE        default 1000
          --upstream-timeout-ms N      UPSTREAM_TIMEOUT_MS    default 120000
          --max-request-body-bytes N   MAX_REQUEST_BODY_BYTES default 16777216 (413 past it); 0 = no limit
          --log-level LEVEL            LOG_LEVEL              debug, info, warn, error
          --anthropic-base-url URL     ANTHROPIC_BASE_URL     for the LLM gap review (with ANTHROPIC_API_KEY)

        A fleet (see README, Running a fleet):
          --bundle-url URL             BUNDLE_URL             poll an OPA bundle (.tar.gz) and compile it with the
                                                              manifest's policy (not with POLICY_DIR or OPA_URL);
                                                              not ready until the first bundle is active, degraded
                                                              (old policy kept) while a newer one fails
          --bundle-poll-min-s N        BUNDLE_POLL_MIN_S      default 60  } each wait between polls is random
          --bundle-poll-max-s N        BUNDLE_POLL_MAX_S      default 120 } in [min, max]
          --status-url URL             STATUS_URL             POST OPA status reports there (the same document
                                                              as GET /agentspec/status)
          --status-interval-s N        STATUS_INTERVAL_S      default 60; also at once on every bundle change
        BUNDLE_TOKEN and STATUS_TOKEN (environment only) are sent as `Authorization: Bearer`.
        Signed bundles (environment only; OPA's .signatures.json, see README):
          BUNDLE_VERIFICATION_KEY           activate only bundles signed with this key: an
                                            HMAC secret or a PEM RSA public key
          BUNDLE_VERIFICATION_KEY_FILE      or the file holding it (read whole)
          BUNDLE_VERIFICATION_KEY_ID        default "default"
          BUNDLE_SIGNING_ALG                default RS256 (OPA's); HS256/384/512, RS256/384/512
          BUNDLE_SCOPE                      the scope claim the signature must carry
        Without a key a signed bundle is refused; with one, an unsigned or badly signed one
        is refused like a corrupt bundle (the policy in force stays, readiness degraded).

        CONTROL_PLANE_TOKEN (environment only) requires `Authorization: Bearer <token>` on the
        control plane, except health, capabilities and metrics; without it, a control plane
        bound beyond loopback is announced with a warning at startup.

        Decision logs (environment only): every decision, as an event of OPA's decision-log
        format, POSTed in gzip-compressed JSON batches to a collector.
          DECISION_LOG_URL                  the collector's full URL (OPA's collectors: {service}/logs)
          DECISION_LOG_TOKEN                sent as `Authorization: Bearer <token>`
          DECISION_LOG_FLUSH_INTERVAL_MS    default 5000: the longest an event waits for a batch
          DECISION_LOG_UPLOAD_LIMIT_BYTES   default 262144: JSON bytes per upload, before gzip
          DECISION_LOG_BUFFER_EVENTS        default 10000 } held while the collector is down or
          DECISION_LOG_BUFFER_BYTES         default 16777216 } slow; when full the oldest go (counted)
          DECISION_LOG_RETRY_MIN_MS         default 100   } a failed upload is retried after a
          DECISION_LOG_RETRY_MAX_MS         default 30000 } doubling, jittered wait within these
          DECISION_LOG_SHUTDOWN_FLUSH_MS    default 3000: the last upload's bound at shutdown
          DECISION_LOG_GZIP_LEVEL           default 1: zlib level of each upload, 0 (stored) to 9

        Reload: SIGHUP, or a change to the manifest or to a policy file of POLICY_DIR
        (their modification times and sizes are polled every 2 seconds), reloads the
        manifest and policy; a failed reload keeps the old one and is logged.
        SIGTERM/SIGINT stop accepting, drain in-flight requests, and exit 0.
        --version prints the version and exits.
        A configuration error prints one line naming the variable (or the flag, when the
        value came from one) and exits 1.
        """,
        options: options, operands: .none, run: run)

    static func run(_ args: [String]) -> Int32 {
        let parsed: ArgumentList
        do { parsed = try ArgumentList(args, options) } catch {
            Output.err("agentspec sidecar: \(error.message)")
            return ExitCode.usage
        }
        if parsed.has("--version") {
            Output.out("agentspec sidecar \(AgentSpecVersion.current)")
            return ExitCode.success
        }
        guard parsed.positionals.isEmpty else {
            Output.err("agentspec sidecar: unexpected argument \(parsed.positionals[0]) (see --help)")
            return ExitCode.usage
        }
        var overrides: [String: String] = [:]
        for (variable, _) in SidecarConfiguration.flags { if let v = parsed.value(variable) { overrides[variable] = v } }
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
        let app: SidecarApp
        do { app = try SidecarApp(configuration: configuration, environment: environment) } catch {
            Output.err(error.message)
            return ExitCode.failure
        }
        app.runUntilSignalled()
        return ExitCode.success
    }
}
