// UnsupportedBuiltins: the builtins OPA v1.20 offers that this VM does not, each with
// why, so a policy calling one fails to compile with a reason ("undefined function
// http.send: …") instead of looking like a typo. Invariant: no name here is in
// BuiltinRegistry (BuiltinRegistryTests checks it), and the network builtins stay
// here by design: a decision never waits on the network.

enum UnsupportedBuiltins {
    private static let network = "agentspec policies make no network calls; give the policy what it needs in input or data"
    private static let deprecated = "deprecated in OPA and not supported here"
    private static let notYet = "not supported by agentspec yet"

    static let reasons: [String: String] = {
        var table: [String: String] = ["http.send": network, "net.lookup_ip_addr": network]
        let deprecatedNames = ["all", "any", "re_match", "set_diff", "net.cidr_overlap", "cast_array", "cast_boolean",
                               "cast_null", "cast_object", "cast_set", "cast_string"]
        for name in deprecatedNames { table[name] = deprecated }
        let later = [
            "crypto.parse_private_keys", "crypto.x509.parse_and_verify_certificates",
            "crypto.x509.parse_and_verify_certificates_with_options", "crypto.x509.parse_certificate_request",
            "crypto.x509.parse_certificates", "crypto.x509.parse_keypair", "crypto.x509.parse_rsa_private_key",
            "graphql.is_valid", "graphql.parse", "graphql.parse_and_verify", "graphql.parse_query", "graphql.parse_schema",
            "graphql.schema_is_valid",
            "json.match_schema", "json.verify_schema", "providers.aws.sign_req", "regex.globs_match",
            "rego.metadata.chain", "rego.metadata.rule", "rego.parse_module", "strings.render_template",
            "uri.is_valid", "uri.parse", "yaml.is_valid", "yaml.marshal", "yaml.unmarshal",
        ]
        for name in later { table[name] = notYet }
        // RSA, ECDSA and EdDSA signatures need public-key cryptography, which the Swift
        // toolchain offers only through a third-party package; HMAC tokens are supported.
        let publicKey = "RSA, ECDSA and EdDSA signatures are not supported: " + JWTSigning.publicKeyReason
        for alg in ["eddsa", "es256", "es384", "es512", "ps256", "ps384", "ps512", "rs256", "rs384", "rs512"] {
            table["io.jwt.verify_" + alg] = publicKey
        }
        return table
    }()
}
