// FleetVariables: the rules every fleet setting group shares (BUNDLE_*, STATUS_*): a
// group is led by its URL, and a setting of the group without it is an error (it would
// silently do nothing); delays are whole positive seconds. A token's or a key's value is
// never repeated in an error.

enum FleetVariables {
    /// Refuses any of `dependents` when `url` is unset; a `*_TOKEN`'s or `*_KEY`'s value
    /// shows as [REDACTED].
    static func requireNone(_ dependents: [String], without url: String, value: (String) -> String?,
                            fail: (String, String, String) -> ConfigurationError) throws(ConfigurationError) {
        for name in dependents {
            if let v = value(name) { throw fail(name, isSecret(name) ? "[REDACTED]" : v, "has no effect without \(url)") }
        }
    }

    /// Whether the variable `name` holds a secret.
    static func isSecret(_ name: String) -> Bool { name.hasSuffix("_TOKEN") || name.hasSuffix("_KEY") }

    /// The whole positive number of seconds in `name`, or `fallback` when it is unset.
    static func seconds(_ name: String, _ fallback: Int, value: (String) -> String?,
                        fail: (String, String, String) -> ConfigurationError) throws(ConfigurationError) -> Int {
        guard let v = value(name) else { return fallback }
        guard let n = Int(v), n >= 1 else { throw fail(name, v, "must be a positive integer (≥ 1) number of seconds") }
        return n
    }
}
