// LiveServiceTests: the probes against a real Redis and PostgreSQL, started by
// `.ci/run` (scripts/test_services.sh) and named by AGENTSPEC_TEST_REDIS,
// AGENTSPEC_TEST_REDIS_AUTH (requirepass "agentspec") and AGENTSPEC_TEST_POSTGRES as
// host:port. Without them the suite is skipped, and says so.
import Foundation
import Testing
@testable import AgentSpec

/// The live services' addresses, when `.ci/run` provides them.
enum TestServices {
    static let environment = ProcessInfo.processInfo.environment
    static let redis = environment["AGENTSPEC_TEST_REDIS"]
    static let redisAuth = environment["AGENTSPEC_TEST_REDIS_AUTH"]
    static let postgres = environment["AGENTSPEC_TEST_POSTGRES"]
    static let areAvailable = redis != nil && redisAuth != nil && postgres != nil
    static let skipReason: Comment = "needs AGENTSPEC_TEST_REDIS, AGENTSPEC_TEST_REDIS_AUTH and AGENTSPEC_TEST_POSTGRES (set by .ci/run via scripts/test_services.sh)"
}

@Suite(.enabled(if: TestServices.areAvailable, TestServices.skipReason))
struct LiveServiceTests {
    static let redis = TestServices.redis
    static let redisAuth = TestServices.redisAuth
    static let postgres = TestServices.postgres

    static func probe(_ kind: RequiredService.Kind, _ connection: String) throws -> ProbeOutcome {
        let target = try #require(ConnectionTarget(parsing: connection, defaultPort: ConnectionTarget.defaultPort(for: kind)))
        return ServiceProbe.probe(kind, target, deadline: Deadline(after: .seconds(3)))
    }

    @Test func redisAnswersPing() throws {
        let outcome = try Self.probe(.redis, "redis://\(Self.redis ?? "")/0")
        #expect(outcome.status == .pass, "\(outcome.message)")
    }

    @Test func redisWithAPasswordNeedsIt() throws {
        let host = Self.redisAuth ?? ""
        #expect(try Self.probe(.redis, "redis://\(host)").status == .warn)
        #expect(try Self.probe(.redis, "redis://:agentspec@\(host)/0").status == .pass)
        let wrong = try Self.probe(.redis, "redis://:nope@\(host)/0")
        #expect(wrong.status == .fail)
        #expect(wrong.message.contains("rejected the credentials"))
    }

    @Test func postgresAcceptsTheStartup() throws {
        let outcome = try Self.probe(.postgres, "postgresql://postgres@\(Self.postgres ?? "")/postgres")
        #expect(outcome.status == .pass, "\(outcome.message)")
    }

    @Test func postgresRefusesAnUnknownDatabase() throws {
        let outcome = try Self.probe(.postgres, "postgresql://postgres@\(Self.postgres ?? "")/no_such_db")
        #expect(outcome.status == .fail)
        #expect(outcome.message.contains("no_such_db"), "\(outcome.message)")
    }

    /// Each service on the other's port: the protocol hello notices.
    @Test func wrongPortsAreCaught() throws {
        let asPostgres = try Self.probe(.postgres, Self.redis ?? "")
        #expect(asPostgres.status == .fail)
        #expect(asPostgres.message.contains("did not answer like PostgreSQL"), "\(asPostgres.message)")
        let asRedis = try Self.probe(.redis, Self.postgres ?? "")
        #expect(asRedis.status == .fail)
        #expect(asRedis.message.contains("did not answer like Redis"), "\(asRedis.message)")
    }
}
