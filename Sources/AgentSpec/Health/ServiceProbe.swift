// ServiceProbe: does the service at a connection string answer, and is it the kind of
// service the manifest says? TCP connect for all; then a protocol-level hello where
// one is cheap: Redis `PING` (after `AUTH` when the URL has a password), a PostgreSQL
// StartupMessage (the server's first byte says `R` authentication or `E` error),
// the MySQL server greeting, an HTTP request for Elasticsearch. A wrong port is
// caught because the other end does not speak the protocol.

/// The verdict of one probe.
public struct ProbeOutcome: Sendable, Equatable {
    public var status: HealthStatus
    public var message: String
}

/// Protocol-level probes of the services `spec.requires.services` and memory name.
enum ServiceProbe {
    static func probe(_ kind: RequiredService.Kind, _ target: ConnectionTarget, deadline: Deadline) -> ProbeOutcome {
        do {
            switch kind {
            case .redis: return try redis(target, deadline: deadline)
            case .postgres: return try postgres(target, deadline: deadline)
            case .mysql: return try mysql(target, deadline: deadline)
            case .elasticsearch:
                return HTTPProbe.probe(url: (target.scheme == "https" ? "https://" : "http://") + target.hostPort + "/", deadline: deadline)
            case .mongodb:
                _ = try TCPConnection(host: target.host, port: target.port, deadline: deadline)
                return ProbeOutcome(status: .pass, message: "TCP connection accepted at \(target.display) (MongoDB protocol not checked)")
            }
        } catch {
            return ProbeOutcome(status: .fail, message: error.description)
        }
    }

    /// Redis: RESP `PING` answered by `+PONG`; `-NOAUTH` means reachable but a password is needed.
    static func redis(_ target: ConnectionTarget, deadline: Deadline) throws(ProbeError) -> ProbeOutcome {
        let c = try TCPConnection(host: target.host, port: target.port, deadline: deadline)
        do throws(ProbeError) {
            return try redisHello(c, target)
        } catch {
            throw ProbeError("connected to \(target.display), but it did not answer like Redis: \(error.description)")
        }
    }

    private static func redisHello(_ c: TCPConnection, _ target: ConnectionTarget) throws(ProbeError) -> ProbeOutcome {
        if target.scheme == "rediss" {
            return ProbeOutcome(status: .pass, message: "TCP connection accepted at \(target.display) (TLS: Redis protocol not checked)")
        }
        if let password = target.password {
            try c.send(resp(target.user.map { ["AUTH", $0, password] } ?? ["AUTH", password]))
            let reply = try line(c)
            guard reply.hasPrefix("+OK") else {
                return ProbeOutcome(status: .fail, message: "Redis at \(target.display) rejected the credentials: \(reply)")
            }
        }
        try c.send(resp(["PING"]))
        let reply = try line(c)
        if reply.hasPrefix("+PONG") { return ProbeOutcome(status: .pass, message: "Redis answered PING at \(target.display)") }
        if reply.hasPrefix("-NOAUTH") {
            return ProbeOutcome(status: .warn, message: "Redis at \(target.display) is reachable but requires authentication; the connection string has no password")
        }
        if reply.hasPrefix("-") { return ProbeOutcome(status: .fail, message: "Redis at \(target.display) answered PING with an error: \(reply)") }
        return ProbeOutcome(status: .fail, message: "the service at \(target.display) does not speak the Redis protocol (answered \(printable(reply)))")
    }

    /// PostgreSQL: a protocol 3.0 StartupMessage; `R` (an authentication request) means a
    /// PostgreSQL server that knows the user and database, `E` carries its refusal.
    static func postgres(_ target: ConnectionTarget, deadline: Deadline) throws(ProbeError) -> ProbeOutcome {
        let c = try TCPConnection(host: target.host, port: target.port, deadline: deadline)
        do throws(ProbeError) {
            return try postgresHello(c, target)
        } catch {
            throw ProbeError("connected to \(target.display), but it did not answer like PostgreSQL: \(error.description)")
        }
    }

    private static func postgresHello(_ c: TCPConnection, _ target: ConnectionTarget) throws(ProbeError) -> ProbeOutcome {
        let user = target.user ?? "postgres"
        let database = target.database ?? user
        var body: [UInt8] = bigEndian(196608) // protocol 3.0
        for (k, v) in [("user", user), ("database", database), ("application_name", "agentspec-health")] {
            body += Array(k.utf8) + [0] + Array(v.utf8) + [0]
        }
        body.append(0)
        try c.send(bigEndian(UInt32(body.count + 4)) + body)
        // Backend messages: a type byte, then an Int32 length that counts itself.
        // After AuthenticationOk (R, code 0) the server still checks the role and the
        // database, so read on to ReadyForQuery (Z) or an ErrorResponse (E).
        var buffer: [UInt8] = []
        while true {
            let prior = buffer
            buffer += try c.receive(limit: 8192) { bytes in
                let all = prior + bytes
                return Self.firstMessage(all) != nil || all.first.map { !backendTypes.contains($0) } ?? false
            }
            while let (type, payload, size) = Self.firstMessage(buffer) {
                buffer.removeFirst(size)
                switch type {
                case UInt8(ascii: "R"):
                    let code = payload.count >= 4 ? Int(payload[0]) << 24 | Int(payload[1]) << 16 | Int(payload[2]) << 8 | Int(payload[3]) : -1
                    if code != 0 {
                        return ProbeOutcome(status: .pass, message: "PostgreSQL at \(target.display) asks for a password for user \(user), database \(database)")
                    }
                case UInt8(ascii: "Z"):
                    try? c.send([UInt8(ascii: "X"), 0, 0, 0, 4]) // Terminate
                    return ProbeOutcome(status: .pass, message: "PostgreSQL at \(target.display) accepted user \(user), database \(database)")
                case UInt8(ascii: "E"):
                    let fields = errorFields(payload)
                    let message = fields["M"] ?? "an error"
                    return ProbeOutcome(status: .fail, message: "PostgreSQL at \(target.display) refused user \(user), database \(database): \(message)" + (fields["C"].map { " (SQLSTATE \($0))" } ?? ""))
                case UInt8(ascii: "S"), UInt8(ascii: "K"), UInt8(ascii: "N"), UInt8(ascii: "v"):
                    continue
                default:
                    throw ProbeError("unexpected message \(printable([type]))")
                }
            }
            if let t = buffer.first, !backendTypes.contains(t) {
                throw ProbeError("it answered \(printable(buffer.prefix(16)))")
            }
        }
    }

    /// The message types a server sends during startup.
    static let backendTypes: Set<UInt8> = Set("REZSKNv".utf8)

    /// The first complete backend message of `bytes`: type, payload and total size.
    /// Lengths outside 4...1 MiB are not PostgreSQL's and end the read as garbage.
    static func firstMessage(_ bytes: [UInt8]) -> (UInt8, [UInt8], Int)? {
        guard bytes.count >= 5 else { return nil }
        let length = Int(bytes[1]) << 24 | Int(bytes[2]) << 16 | Int(bytes[3]) << 8 | Int(bytes[4])
        guard length >= 4, length <= 1 << 20, bytes.count >= 1 + length else { return nil }
        return (bytes[0], Array(bytes[5..<(1 + length)]), 1 + length)
    }

    /// MySQL: the server speaks first, a packet whose payload starts with protocol 10,
    /// or an error packet (0xFF) such as "host is not allowed".
    static func mysql(_ target: ConnectionTarget, deadline: Deadline) throws(ProbeError) -> ProbeOutcome {
        let c = try TCPConnection(host: target.host, port: target.port, deadline: deadline)
        let greeting = try c.receive(limit: 512) { $0.count >= 5 }
        guard greeting.count >= 5 else { throw ProbeError("the service at \(target.display) sent a truncated greeting") }
        if greeting[4] == 10 { return ProbeOutcome(status: .pass, message: "MySQL greeted at \(target.display)") }
        if greeting[4] == 0xFF {
            let text = String(decoding: greeting.dropFirst(7), as: UTF8.self)
            return ProbeOutcome(status: .fail, message: "MySQL at \(target.display) refused the connection: \(printable(Array(text.utf8)))")
        }
        return ProbeOutcome(status: .fail, message: "the service at \(target.display) does not speak the MySQL protocol")
    }

    private static func resp(_ words: [String]) -> [UInt8] {
        var out = "*\(words.count)\r\n"
        for w in words { out += "$\(w.utf8.count)\r\n\(w)\r\n" }
        return Array(out.utf8)
    }

    private static func line(_ c: TCPConnection) throws(ProbeError) -> String {
        let bytes = try c.receive(limit: 1024) { $0.contains(UInt8(ascii: "\n")) }
        return String(decoding: bytes.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }, as: UTF8.self)
    }

    private static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
    }

    /// Fields of an ErrorResponse payload: a type byte, then a NUL-terminated string.
    private static func errorFields(_ reply: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        var i = 0
        while i < reply.count, reply[i] != 0 {
            let type = String(UnicodeScalar(reply[i]))
            guard let end = reply[(i + 1)...].firstIndex(of: 0) else { break }
            fields[type] = String(decoding: reply[(i + 1)..<end], as: UTF8.self)
            i = end + 1
        }
        return fields
    }

    /// At most 60 characters, control bytes shown as `\xNN`.
    static func printable<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var out = ""
        for b in bytes.prefix(60) {
            out += (0x20..<0x7F).contains(b) ? String(UnicodeScalar(b)) : "\\x" + String(b, radix: 16)
        }
        return "\"" + out + "\""
    }

    static func printable(_ s: String) -> String { printable(Array(s.utf8)) }
}
