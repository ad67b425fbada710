// BundleSettings: where the sidecar downloads its OPA bundle (BUNDLE_URL), how often it
// asks (a random wait in [BUNDLE_POLL_MIN_S, BUNDLE_POLL_MAX_S], OPA's defaults 60/120),
// the bearer token it sends (BUNDLE_TOKEN), and how the bundle's signature is checked
// (BUNDLE_VERIFICATION_*, Config/BundleVerificationSettings.swift). Invariants: the token
// and the verification key never appear in
// `description`-like output (only `displayURL` is shown, and it drops the query, where a
// signed URL carries its signature); a setting that would be ignored is an error.

import AgentSpec

/// The bundle server the sidecar polls.
public struct BundleSettings: Sendable, Equatable {
    /// OPA's default polling bounds, in seconds.
    public static let defaultPollMinSeconds = 60
    public static let defaultPollMaxSeconds = 120

    /// The URL as given (query kept: a signed URL needs it), for the request only.
    public var requestURL: String
    /// Scheme, authority and path: what logs, errors and the status document show.
    public var displayURL: String
    /// The bundle's name in status reports and decision logs: the URL's path below the root.
    public var name: String
    public var pollMinSeconds: Int
    public var pollMaxSeconds: Int
    /// Sent as `Authorization: Bearer …`; a secret.
    public var token: String?
    /// The key a bundle's signature is checked with; nil: only unsigned bundles are taken.
    public var verification: BundleVerificationConfig? = nil

    /// How the bundle reader treats signatures: always checked, as OPA's bundle plugin does.
    public var signatures: BundleSignaturePolicy { .verified(verification) }

    /// Reads the bundle variables through the configuration's `value` and `fail`; nil
    /// without BUNDLE_URL (and then none of the others may be set).
    static func load(value: (String) -> String?,
                     fail: (String, String, String) -> ConfigurationError) throws(ConfigurationError) -> BundleSettings? {
        guard let raw = value("BUNDLE_URL") else {
            try FleetVariables.requireNone(["BUNDLE_POLL_MIN_S", "BUNDLE_POLL_MAX_S", "BUNDLE_TOKEN"] + BundleVerificationSettings.variables,
                                           without: "BUNDLE_URL", value: value, fail: fail)
            return nil
        }
        let url = try URLVariable.parse("BUNDLE_URL", raw, rule: "must be an absolute http: or https: URL of a bundle (.tar.gz)", fail: fail)
        let minimum = try FleetVariables.seconds("BUNDLE_POLL_MIN_S", defaultPollMinSeconds, value: value, fail: fail)
        let maximum = try FleetVariables.seconds("BUNDLE_POLL_MAX_S", defaultPollMaxSeconds, value: value, fail: fail)
        if minimum > maximum {
            let given = value("BUNDLE_POLL_MAX_S") == nil ? "\(maximum), its default" : String(maximum)
            throw fail("BUNDLE_POLL_MIN_S", String(minimum), "must not exceed BUNDLE_POLL_MAX_S (\(given))")
        }
        let verification = try BundleVerificationSettings.load(value: value, fail: fail)
        let path = url.pathPrefix.drop { $0 == "/" }
        return BundleSettings(requestURL: raw, displayURL: url.description, name: path.isEmpty ? url.host : String(path),
                              pollMinSeconds: minimum, pollMaxSeconds: maximum, token: value("BUNDLE_TOKEN"),
                              verification: verification)
    }
}

extension BundleSettings {
    /// BUNDLE_URL with POLICY_DIR or OPA_URL is refused, naming both: POLICY_DIR and the
    /// bundle would both be the Rego compiled beside the manifest's policy (one would
    /// silently win), and with OPA_URL the remote OPA decides, so a downloaded bundle
    /// would be compiled and never consulted.
    static func checkAlone(policyDir: String?, opaURL: HTTPURL?) throws(ConfigurationError) {
        if policyDir != nil {
            throw ConfigurationError(message: "BUNDLE_URL and POLICY_DIR cannot be used together: both supply the Rego compiled with "
                                     + "the manifest's policy (put POLICY_DIR's files in the bundle, or unset BUNDLE_URL)")
        }
        if opaURL != nil {
            throw ConfigurationError(message: "BUNDLE_URL and OPA_URL cannot be used together: with OPA_URL the remote OPA decides "
                                     + "and the bundle would never be consulted (configure the bundle on that OPA, or unset OPA_URL)")
        }
    }
}
