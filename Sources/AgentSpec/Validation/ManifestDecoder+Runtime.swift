// ManifestDecoder+Runtime: the sections about what the agent connects to — MCP
// servers, memory, subagents, the API it exposes, runtime requirements.

extension ManifestDecoder {
    func decodeMCP(_ f: Fields) -> MCPConfig? {
        let servers = f.objectList("servers", required: true, allowed: ["name", "transport", "command", "args", "url", "env", "healthCheck"]) { s, _ -> MCPServer? in
            let name = s.string("name", required: true)
            let transport = s.enumValue("transport", required: true, as: MCPServer.Transport.self)
            let command = s.string("command")
            let args = s.stringList("args")
            var url = s.string("url")
            if let u = url, !Patterns.isURL(u) {
                d.report(s.path("url"), at: s.node["url"]?.position ?? s.keyPosition, "must be a URL (scheme://host…), got \"\(u)\"")
                url = nil
            }
            var env: [(name: String, value: RefOrLiteral)] = []
            if let envNode = s.node("env") {
                if let pairs = envNode.pairs {
                    for pair in pairs {
                        let key = pair.key.scalar?.text ?? "?"
                        if let value = Fields.ref(pair.value, path: "\(s.path("env")).\(key)", decoder: d) { env.append((key, value)) }
                    }
                } else {
                    d.report(s.path("env"), at: envNode.position, "must be a mapping of names to values, got \(d.describe(envNode))")
                }
            }
            let timeout = s.object("healthCheck", allowed: ["timeoutSeconds"]) { h in h.int("timeoutSeconds", min: 1, max: 60) }
            switch transport {
            case .stdio? where command == nil && s.node["command"] == nil:
                d.report(s.path("command"), at: s.node["transport"]?.position ?? s.keyPosition, "required when transport is stdio", code: .crossField)
            case .sse?, .http?:
                if s.node["url"] == nil {
                    d.report(s.path("url"), at: s.node["transport"]?.position ?? s.keyPosition, "required when transport is \(transport?.rawValue ?? "")", code: .crossField)
                }
            default: break
            }
            guard let name, let transport else { return nil }
            return MCPServer(name: name, transport: transport, command: command, args: args ?? [], url: url, env: env, healthCheckTimeoutSeconds: timeout)
        }
        f.checkUnique("servers", nameKey: "name", what: "MCP server")
        return servers.map { MCPConfig(servers: $0) }
    }

    func decodeMemory(_ f: Fields) -> Memory? {
        let shortTerm = f.object("shortTerm", allowed: ["backend", "maxTurns", "maxTokens", "ttlSeconds", "connection"]) { s -> ShortTermMemory? in
            let backend = s.enumValue("backend", required: true, as: ShortTermMemory.Backend.self)
            let memory = ShortTermMemory(backend: .inMemory, maxTurns: s.int("maxTurns", min: 1), maxTokens: s.int("maxTokens", min: 1),
                                         ttlSeconds: s.int("ttlSeconds", min: 0), connection: s.ref("connection"))
            guard let backend else { return nil }
            var m = memory
            m.backend = backend
            return m
        }
        let longTerm = f.object("longTerm", allowed: ["backend", "connectionString", "table", "ttlDays"]) { l -> LongTermMemory? in
            let backend = l.enumValue("backend", required: true, as: LongTermMemory.Backend.self)
            let connection = l.ref("connectionString", required: true)
            let table = l.string("table")
            let ttl = l.int("ttlDays", min: 1)
            guard let backend, let connection else { return nil }
            return LongTermMemory(backend: backend, connectionString: connection, table: table, ttlDays: ttl)
        }
        let vector = f.object("vector", allowed: ["backend", "connectionString", "apiKey", "dimension", "topK", "namespace"]) { v -> VectorMemory? in
            let backend = v.enumValue("backend", required: true, as: VectorMemory.Backend.self)
            let connection = v.ref("connectionString")
            let apiKey = v.ref("apiKey")
            let dimension = v.int("dimension", required: true, min: 1)
            let topK = v.int("topK", min: 1)
            let namespace = v.string("namespace")
            guard let backend, let dimension else { return nil }
            return VectorMemory(backend: backend, connectionString: connection, apiKey: apiKey, dimension: dimension, topK: topK, namespace: namespace)
        }
        let hygiene = f.object("hygiene", allowed: ["piiScrubFields", "auditLog", "retentionPolicy"]) { h in
            MemoryHygiene(piiScrubFields: h.stringList("piiScrubFields") ?? [], auditLog: h.bool("auditLog") ?? false,
                          retentionPolicy: h.string("retentionPolicy"))
        }
        return Memory(shortTerm: shortTerm, longTerm: longTerm, vector: vector, hygiene: hygiene)
    }

    func decodeSubagents(_ f: Fields) -> [Subagent]? {
        let list = f.objectList("subagents", allowed: ["name", "ref", "invocation", "passContext", "triggerKeywords"]) { s, _ -> Subagent? in
            let name = s.string("name", required: true)
            let ref = s.object("ref", required: true, allowed: ["agentspec", "a2a"]) { r -> Subagent.Reference? in
                let hasLocal = r.node["agentspec"] != nil, hasRemote = r.node["a2a"] != nil
                if hasLocal == hasRemote {
                    d.report(r.path, at: r.keyPosition, hasLocal ? "must set only one of agentspec or a2a, not both" : "must set one of agentspec (a local manifest) or a2a (a remote agent)")
                    return nil
                }
                if hasLocal { return r.string("agentspec").map { .local(path: $0) } }
                return r.object("a2a", allowed: ["url", "auth"]) { a -> Subagent.Reference? in
                    let url = a.ref("url", required: true, isURL: true)
                    let auth = a.object("auth", allowed: ["type", "token", "header"]) { au in
                        (au.enumValue("type", as: A2AEndpoint.AuthType.self), au.ref("token"), au.string("header"))
                    }
                    guard let url else { return nil }
                    return .a2a(A2AEndpoint(url: url, authType: auth?.0, token: auth?.1, header: auth?.2))
                } ?? nil
            } ?? nil
            let invocation = s.enumValue("invocation", required: true, as: Subagent.Invocation.self)
            let passContext = s.bool("passContext")
            let keywords = s.stringList("triggerKeywords")
            guard let name, let ref, let invocation else { return nil }
            return Subagent(name: name, ref: ref, invocation: invocation, passContext: passContext ?? false, triggerKeywords: keywords ?? [])
        }
        f.checkUnique("subagents", nameKey: "name", what: "subagent")
        return list
    }

    func decodeAPI(_ f: Fields) -> APIConfig? {
        let type = f.enumValue("type", required: true, as: APIConfig.Kind.self)
        let port = f.int("port", min: 1, max: 65535)
        let auth = f.object("auth", allowed: ["type", "jwksUri", "header"]) { a -> APIAuth? in
            let type = a.enumValue("type", required: true, as: APIAuth.Kind.self)
            let jwks = a.ref("jwksUri", isURL: true)
            let header = a.string("header")
            guard let type else { return nil }
            return APIAuth(type: type, jwksUri: jwks, header: header)
        }
        let rate = f.object("rateLimit", allowed: ["requestsPerMinute", "requestsPerHour"]) { r in
            (r.int("requestsPerMinute", min: 1), r.int("requestsPerHour", min: 1))
        }
        let chat = f.object("chatEndpoint", allowed: ["path", "protocol", "streaming", "sessionMode", "threadIdHeader"]) { c in
            var e = ChatEndpoint()
            if let v = c.string("path") { e.path = v }
            if let v = c.enumValue("protocol", as: ChatEndpoint.ChatProtocol.self) { e.chatProtocol = v }
            if let v = c.bool("streaming") { e.streaming = v }
            if let v = c.enumValue("sessionMode", as: ChatEndpoint.SessionMode.self) { e.sessionMode = v }
            if let v = c.string("threadIdHeader") { e.threadIdHeader = v }
            return e
        }
        var config = APIConfig(type: .rest, port: port, pathPrefix: f.string("pathPrefix"), auth: auth,
                               requestsPerMinute: rate?.0, requestsPerHour: rate?.1, streaming: f.bool("streaming") ?? false,
                               healthEndpoint: f.string("healthEndpoint"), metricsEndpoint: f.string("metricsEndpoint"),
                               corsOrigins: f.stringList("corsOrigins") ?? [], chatEndpoint: chat)
        guard let type else { return nil }
        config.type = type
        return config
    }

    func decodeRequirements(_ f: Fields) -> Requirements? {
        let services = f.objectList("services", allowed: ["type", "connection"]) { s, _ -> RequiredService? in
            let type = s.enumValue("type", required: true, as: RequiredService.Kind.self)
            let connection = s.ref("connection", required: true)
            guard let type, let connection else { return nil }
            return RequiredService(type: type, connection: connection)
        }
        return Requirements(envVars: f.stringList("envVars") ?? [], services: services ?? [],
                            minimumMemoryMB: f.int("minimumMemoryMB", min: 128),
                            nodeVersion: f.string("nodeVersion"), pythonVersion: f.string("pythonVersion"))
    }
}
