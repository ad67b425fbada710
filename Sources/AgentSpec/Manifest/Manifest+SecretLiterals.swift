// Manifest+SecretLiterals: the values a manifest writes literally where it holds a
// secret or something that carries one — API keys, tokens, connection strings, MCP
// server URLs and environment, webhook and collector URLs. A `$env:`/`$secret:`
// reference is no secret; its literal replacement is. What leaves the sidecar with the
// manifest's text (the LLM gap review) has these masked.

extension Manifest {
    /// The literal values of the manifest's secret-bearing fields, longest first (so a
    /// value that contains another is masked whole), without duplicates.
    public var secretLiterals: [String] {
        var refs: [RefOrLiteral?] = [spec.model.apiKey, spec.model.fallback?.apiKey,
                                     spec.memory?.shortTerm?.connection, spec.memory?.longTerm?.connectionString,
                                     spec.memory?.vector?.connectionString, spec.memory?.vector?.apiKey,
                                     spec.observability?.tracing?.endpoint, spec.observability?.tracing?.publicKey,
                                     spec.observability?.tracing?.secretKey, spec.observability?.metrics?.endpoint,
                                     spec.humanInTheLoop?.webhookUrl]
        refs += (spec.requires?.services ?? []).map(\.connection)
        var literals: [String] = []
        for server in spec.mcp?.servers ?? [] {
            refs += server.env.map(\.value)
            if let url = server.url { literals.append(url) }
        }
        for subagent in spec.subagents {
            if case .a2a(let endpoint) = subagent.ref { refs += [endpoint.url, endpoint.token] }
        }
        for case .literal(let text)? in refs { literals.append(text) }
        // One- to three-character values would mask unrelated text; none is a credential.
        return Array(Set(literals.filter { $0.count >= 4 })).sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }
}
