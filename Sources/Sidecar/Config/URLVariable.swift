// URLVariable: a variable holding a URL (UPSTREAM_URL, OPA_URL, ANTHROPIC_BASE_URL,
// BUNDLE_URL, STATUS_URL, DECISION_LOG_URL) read into an HTTPURL. A refused value is
// repeated in the error with its secrets masked (URLSecrets): configuration errors end up
// in logs, and a URL refused for its `user:password@` is refused precisely because
// credentials in URLs leak.
import AgentSpec

enum URLVariable {
    static let credentialsRule = "must not carry credentials (user:password@): they would be shown wherever the URL is"

    /// The URL in `raw`, or `fail`'s error for `name` with `rule` — or with
    /// `credentialsRule` when the userinfo is all that is wrong.
    static func parse(_ name: String, _ raw: String, rule: String,
                      fail: (String, String, String) -> ConfigurationError) throws(ConfigurationError) -> HTTPURL {
        if let url = HTTPURL(raw) { return url }
        let onlyCredentials = URLSecrets.withoutUserinfo(raw).flatMap(HTTPURL.init) != nil
        throw fail(name, URLSecrets.masked(raw), onlyCredentials ? credentialsRule : rule)
    }
}
