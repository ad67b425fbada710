// SidecarConfiguration: the sidecar's settings from its environment variables and the
// flags that mirror them (flags win), validated with the exact texts of the contract
// (the runbook's variables). A bad value is one line naming where it came from (the
// flag the user typed, else the variable), the raw value and the rule; the process
// exits 1 with it.

/// Why the configuration was rejected (one line, ready for stderr).
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Everything `agentspec sidecar` is configured with.
public struct SidecarConfiguration: Sendable {
    /// More entries than this would hold too much request history in memory.
    public static let maxAuditRingSize = 1_000_000
    /// The proxied request body limit by default: what the sidecar has always allowed,
    /// enough for LLM prompts with inline attachments; larger uploads raise it.
    public static let defaultMaxRequestBodyBytes = 16 * 1024 * 1024

    public var upstream: HTTPURL
    public var manifestPath: String
    /// Where `manifestPath` came from: `--manifest`, `MANIFEST_PATH`, `AGENTSPEC_MANIFEST_PATH`,
    /// or nil for the default (so an unreadable manifest names what to change).
    public var manifestSource: String?
    public var proxyPort: UInt16
    public var controlPlanePort: UInt16
    public var bindAddress: String
    public var auditRingSize: Int
    public var upstreamTimeoutMs: Int
    public var opaURL: HTTPURL?
    public var mode: ProxyMode
    public var opaTimeoutMs: Int
    /// What a decision the remote OPA could not make does (OPA_FAIL_MODE).
    public var opaFailMode: OPAFailMode
    public var policyDir: String?
    /// nil: from the manifest's `spec.observability.logging.level`, else info.
    public var logLevel: LogLevel?
    public var anthropicAPIKey: String?
    public var anthropicBaseURL: HTTPURL
    public var controlPlaneToken: String?
    /// Proxied request bodies past this many bytes get 413; nil streams without a limit
    /// (`MAX_REQUEST_BODY_BYTES=0`).
    public var maxRequestBodyBytes: Int?
    /// BUNDLE_URL and its polling (Config/BundleSettings.swift); nil: no bundle server.
    public var bundle: BundleSettings? = nil
    /// STATUS_URL and its interval (Config/StatusSettings.swift); nil: no status reports sent.
    public var status: StatusSettings? = nil
    /// Decision logs to a collector (DECISION_LOG_URL and the DECISION_LOG_* variables);
    /// nil: no decision is logged.
    public var decisionLog: DecisionLogSettings? = nil

    /// Variable name -> flag name.
    public static let flags: [(variable: String, flag: String)] = [
        ("UPSTREAM_URL", "--upstream"), ("MANIFEST_PATH", "--manifest"), ("PROXY_PORT", "--proxy-port"),
        ("CONTROL_PLANE_PORT", "--control-plane-port"), ("BIND_ADDRESS", "--bind"),
        ("AUDIT_RING_SIZE", "--audit-ring-size"), ("UPSTREAM_TIMEOUT_MS", "--upstream-timeout-ms"),
        ("OPA_URL", "--opa-url"), ("OPA_PROXY_MODE", "--mode"), ("OPA_TIMEOUT_MS", "--opa-timeout-ms"),
        ("OPA_FAIL_MODE", "--opa-fail-mode"),
        ("POLICY_DIR", "--policy-dir"), ("LOG_LEVEL", "--log-level"), ("ANTHROPIC_BASE_URL", "--anthropic-base-url"),
        ("MAX_REQUEST_BODY_BYTES", "--max-request-body-bytes"),
        ("BUNDLE_URL", "--bundle-url"), ("BUNDLE_POLL_MIN_S", "--bundle-poll-min-s"), ("BUNDLE_POLL_MAX_S", "--bundle-poll-max-s"),
        ("STATUS_URL", "--status-url"), ("STATUS_INTERVAL_S", "--status-interval-s"),
    ]

    /// Reads the configuration; `overrides` are values given as flags, by variable name.
    public static func load(environment: [String: String], overrides: [String: String] = [:]) throws(ConfigurationError) -> SidecarConfiguration {
        func value(_ name: String, alias: String? = nil) -> String? {
            if let v = overrides[name] { return v }
            if let v = environment[name], !v.isEmpty { return v }
            if let alias, let v = environment[alias], !v.isEmpty { return v }
            return nil
        }
        /// Where a value came from: the flag when it was given as one, else the variable.
        func source(_ name: String, alias: String? = nil) -> String? {
            if overrides[name] != nil { return flags.first { $0.variable == name }?.flag ?? name }
            if let v = environment[name], !v.isEmpty { return name }
            if let alias, let v = environment[alias], !v.isEmpty { return alias }
            return nil
        }
        func fail(_ name: String, _ raw: String, _ rule: String) -> ConfigurationError {
            ConfigurationError(message: "Invalid \(source(name) ?? name): \"\(raw)\" — \(rule)")
        }
        func url(_ name: String, _ raw: String) throws(ConfigurationError) -> HTTPURL {
            try URLVariable.parse(name, raw, rule: "must use http: or https: protocol", fail: fail)
        }
        func port(_ name: String, _ fallback: UInt16) throws(ConfigurationError) -> UInt16 {
            guard let raw = value(name) else { return fallback }
            guard let n = Int(raw), n >= 1, n <= 65535 else { throw fail(name, raw, "must be an integer between 1 and 65535") }
            return UInt16(n)
        }
        func positive(_ name: String, _ fallback: Int, max: Int? = nil) throws(ConfigurationError) -> Int {
            guard let raw = value(name) else { return fallback }
            guard let n = Int(raw), n >= 1 else { throw fail(name, raw, "must be a positive integer (≥ 1)") }
            if let max, n > max { throw fail(name, raw, "must be at most \(max)") }
            return n
        }
        func byteLimit(_ name: String, _ fallback: Int) throws(ConfigurationError) -> Int? {
            guard let raw = value(name) else { return fallback }
            guard let n = Int(raw), n >= 0 else { throw fail(name, raw, "must be a non-negative integer (0 for no limit)") }
            return n == 0 ? nil : n
        }
        func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws(ConfigurationError) -> T? where T.RawValue == String {
            guard let raw = value(name) else { return nil }
            guard let v = T(rawValue: raw) else {
                throw fail(name, raw, "must be one of: " + T.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return v
        }

        let upstream = try url("UPSTREAM_URL", value("UPSTREAM_URL") ?? "http://localhost:8000")
        let proxyPort = try port("PROXY_PORT", 4000)
        let controlPort = try port("CONTROL_PLANE_PORT", 4001)
        if proxyPort == controlPort {
            throw fail("CONTROL_PLANE_PORT", value("CONTROL_PLANE_PORT") ?? String(controlPort), "must differ from PROXY_PORT")
        }
        let opa = try value("OPA_URL").map { (raw: String) throws(ConfigurationError) in try url("OPA_URL", raw) }
        var configuration = SidecarConfiguration(
            upstream: upstream,
            manifestPath: value("MANIFEST_PATH", alias: "AGENTSPEC_MANIFEST_PATH") ?? "/manifest/agent.yaml",
            manifestSource: source("MANIFEST_PATH", alias: "AGENTSPEC_MANIFEST_PATH"),
            proxyPort: proxyPort,
            controlPlanePort: controlPort,
            bindAddress: value("BIND_ADDRESS") ?? "0.0.0.0",
            auditRingSize: try positive("AUDIT_RING_SIZE", 1000, max: maxAuditRingSize),
            upstreamTimeoutMs: try positive("UPSTREAM_TIMEOUT_MS", 120_000),
            opaURL: opa,
            mode: try choice("OPA_PROXY_MODE", ProxyMode.self) ?? .track,
            opaTimeoutMs: try positive("OPA_TIMEOUT_MS", 500),
            opaFailMode: try choice("OPA_FAIL_MODE", OPAFailMode.self) ?? .open,
            policyDir: value("POLICY_DIR"),
            logLevel: try choice("LOG_LEVEL", LogLevel.self),
            anthropicAPIKey: value("ANTHROPIC_API_KEY"),
            anthropicBaseURL: try url("ANTHROPIC_BASE_URL", value("ANTHROPIC_BASE_URL") ?? "https://api.anthropic.com"),
            controlPlaneToken: value("CONTROL_PLANE_TOKEN"),
            maxRequestBodyBytes: try byteLimit("MAX_REQUEST_BODY_BYTES", defaultMaxRequestBodyBytes))
        configuration.bundle = try BundleSettings.load(value: { value($0) }, fail: fail)
        if configuration.bundle != nil { try BundleSettings.checkAlone(policyDir: configuration.policyDir, opaURL: opa) }
        configuration.status = try StatusSettings.load(value: { value($0) }, fail: fail)
        configuration.decisionLog = try DecisionLogSettings.load(value: { value($0) }, fail: fail)
        return configuration
    }
}
