// ServiceProbeTests: the protocol hellos against fake servers that answer as Redis,
// PostgreSQL, MySQL or HTTP would — and as they would not (a wrong port) — plus the
// connection-string reader.
import Testing
@testable import AgentSpec

struct ServiceProbeTests {
    static func target(_ port: Int, scheme: String? = nil, user: String? = nil, password: String? = nil) -> ConnectionTarget {
        var text = "127.0.0.1:\(port)"
        if let scheme { text = scheme + "://" + (user ?? "") + (password.map { ":" + $0 } ?? "") + ((user ?? password) != nil ? "@" : "") + text }
        return ConnectionTarget(parsing: text, defaultPort: 1)!
    }

    static func probe(_ kind: RequiredService.Kind, _ server: FakeTCPServer, scheme: String? = nil, password: String? = nil) -> ProbeOutcome {
        ServiceProbe.probe(kind, target(server.port, scheme: scheme, password: password), deadline: Deadline(after: .seconds(5)))
    }

    @Test func redisPong() throws {
        let outcome = Self.probe(.redis, try FakeTCPServer(reply: Array("+PONG\r\n".utf8)))
        #expect(outcome.status == .pass, "\(outcome.message)")
    }

    @Test func redisNoAuthIsReachableButWarns() throws {
        let outcome = Self.probe(.redis, try FakeTCPServer(reply: Array("-NOAUTH Authentication required.\r\n".utf8)))
        #expect(outcome.status == .warn)
        #expect(outcome.message.contains("requires authentication"))
    }

    @Test func redisWrongPasswordFails() throws {
        let outcome = Self.probe(.redis, try FakeTCPServer(reply: Array("-WRONGPASS invalid\r\n".utf8)), scheme: "redis", password: "x")
        #expect(outcome.status == .fail)
        #expect(outcome.message.contains("rejected the credentials"))
    }

    @Test func redisProbeOfAnHTTPServerFails() throws {
        let outcome = Self.probe(.redis, try FakeTCPServer(reply: Array("HTTP/1.1 400 Bad Request\r\n\r\n".utf8)))
        #expect(outcome.status == .fail)
        #expect(outcome.message.contains("does not speak the Redis protocol"))
    }

    /// AuthenticationOk, a ParameterStatus, ReadyForQuery.
    static let postgresReady: [UInt8] = [0x52, 0, 0, 0, 8, 0, 0, 0, 0] + [0x53, 0, 0, 0, 8] + Array("a\0b\0".utf8) + [0x5A, 0, 0, 0, 5, 0x49]

    @Test func postgresReadyForQuery() throws {
        let outcome = Self.probe(.postgres, try FakeTCPServer(reply: Self.postgresReady, holdOpen: true))
        #expect(outcome.status == .pass, "\(outcome.message)")
        #expect(outcome.message.contains("accepted user postgres"))
    }

    @Test func postgresPasswordRequestPasses() throws {
        let outcome = Self.probe(.postgres, try FakeTCPServer(reply: [0x52, 0, 0, 0, 12, 0, 0, 0, 5, 1, 2, 3, 4], holdOpen: true))
        #expect(outcome.status == .pass)
        #expect(outcome.message.contains("asks for a password"))
    }

    @Test func postgresErrorResponseFailsWithTheServersMessage() throws {
        let fields = Array("SFATAL\0C3D000\0Mdatabase \"x\" does not exist\0\0".utf8)
        let reply = [0x45] + [0, 0, 0, UInt8(fields.count + 4)] + fields
        let outcome = Self.probe(.postgres, try FakeTCPServer(reply: reply))
        #expect(outcome.status == .fail)
        #expect(outcome.message.contains("database \"x\" does not exist (SQLSTATE 3D000)"))
    }

    @Test func postgresProbeOfARedisServerFails() throws {
        let outcome = Self.probe(.postgres, try FakeTCPServer(reply: Array("-ERR unknown command\r\n".utf8)))
        #expect(outcome.status == .fail)
        #expect(outcome.message.contains("did not answer like PostgreSQL"))
    }

    @Test func mysqlGreetingAndError() throws {
        let greeting: [UInt8] = [10, 0, 0, 0, 10] + Array("8.0.0\0".utf8)
        #expect(Self.probe(.mysql, try FakeTCPServer(reply: greeting, speaksFirst: true)).status == .pass)
        let refusal: [UInt8] = [20, 0, 0, 0, 0xFF, 0x6A, 0x04] + Array("Host is not allowed".utf8)
        let outcome = Self.probe(.mysql, try FakeTCPServer(reply: refusal, speaksFirst: true))
        #expect(outcome.status == .fail)
        #expect(outcome.message.contains("Host is not allowed"))
    }

    @Test func refusedConnectionFails() throws {
        let outcome = ServiceProbe.probe(.redis, Self.target(try FakeTCPServer.closedPort()), deadline: Deadline(after: .seconds(2)))
        #expect(outcome.status == .fail)
        #expect(outcome.message.contains("connection refused"))
    }

    @Test func silentServerTimesOutWithinTheDeadline() throws {
        let silent = try FakeTCPServer(reply: [], holdOpen: true)
        let start = ContinuousClock.now
        let outcome = ServiceProbe.probe(.redis, Self.target(silent.port), deadline: Deadline(after: .milliseconds(300)))
        #expect(outcome.status == .fail)
        #expect(outcome.message.contains("did not answer before the timeout"))
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test(arguments: [("HTTP/1.1 200 OK\r\n\r\n", HealthStatus.pass), ("HTTP/1.1 405 Method Not Allowed\r\n\r\n", .pass),
                      ("HTTP/1.0 503 Service Unavailable\r\n\r\n", .fail), ("SSH-2.0-OpenSSH\r\n", .fail)])
    func httpStatus(_ reply: String, _ expected: HealthStatus) throws {
        let server = try FakeTCPServer(reply: Array(reply.utf8))
        #expect(HTTPProbe.probe(url: "http://127.0.0.1:\(server.port)/sse?token=secret", deadline: Deadline(after: .seconds(2))).status == expected)
    }

    /// https:// goes through libcurl: a server that does not speak TLS fails the probe,
    /// with libcurl's reason after the host and nothing of the URL's secrets.
    @Test func httpsProbeOfAPlainServerFails() throws {
        let server = try FakeTCPServer(reply: Array("HTTP/1.1 200 OK\r\n\r\n".utf8))
        let outcome = HTTPProbe.probe(url: "https://u:pw@127.0.0.1:\(server.port)/x?token=secret", deadline: Deadline(after: .seconds(5)))
        #expect(outcome.status == .fail)
        #expect(outcome.message.hasPrefix("127.0.0.1: "), "\(outcome.message)")
        #expect(!outcome.message.contains("secret") && !outcome.message.contains("pw"))
    }

    @Test func httpMessagesHideQueryAndCredentials() throws {
        let server = try FakeTCPServer(reply: Array("HTTP/1.1 200 OK\r\n\r\n".utf8))
        let outcome = HTTPProbe.probe(url: "http://u:pw@127.0.0.1:\(server.port)/x?token=secret", deadline: Deadline(after: .seconds(2)))
        #expect(!outcome.message.contains("secret") && !outcome.message.contains("pw"))
    }

    @Test(arguments: [
        ("redis://:pw@cache:6380/0", "redis", "cache", 6380, nil, "pw", "0"),
        ("postgresql://app:s%40cret@db.internal/agent", "postgresql", "db.internal", 5432, "app", "s@cret", "agent"),
        ("db:7000", nil, "db", 7000, nil, nil, nil),
        ("[::1]:6379", nil, "::1", 6379, nil, nil, nil),
        ("localhost", nil, "localhost", 5432, nil, nil, nil),
    ] as [(String, String?, String, Int, String?, String?, String?)])
    func parsesConnectionStrings(_ text: String, _ scheme: String?, _ host: String, _ port: Int, _ user: String?, _ password: String?, _ database: String?) throws {
        let t = try #require(ConnectionTarget(parsing: text, defaultPort: 5432))
        #expect(t.scheme == scheme && t.host == host && t.port == port && t.user == user && t.password == password && t.database == database)
        #expect(!t.display.contains("pw") && !t.display.contains("cret"))
    }

    @Test(arguments: ["", "host=db user=x", "/var/run/postgresql", "db:0", "db:99999", "redis://:6379"])
    func rejectsConnectionStringsWithoutAHost(_ text: String) {
        #expect(ConnectionTarget(parsing: text, defaultPort: 5432) == nil)
    }
}
