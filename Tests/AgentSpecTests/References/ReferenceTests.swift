// References: syntax (`RefOrLiteral.parse`) and on-demand resolution with an injected
// environment, secrets folder, manifest folder and clock.
import Foundation
import Testing
@testable import AgentSpec

@Suite struct ReferenceTests {
    @Test func parsesEveryKind() throws {
        #expect(try RefOrLiteral.parse("$env:OPENAI_API_KEY") == .reference(.env("OPENAI_API_KEY")))
        #expect(try RefOrLiteral.parse("$secret:langfuse-secret-key") == .reference(.secret("langfuse-secret-key")))
        #expect(try RefOrLiteral.parse("$file:prompts/system.md") == .reference(.file("prompts/system.md")))
        #expect(try RefOrLiteral.parse("$func:now_iso") == .reference(.function("now_iso")))
        #expect(try RefOrLiteral.parse("plain text") == .literal("plain text"))
        #expect(try RefOrLiteral.parse("$5 off: today") == .literal("$5 off: today"))
    }

    @Test(arguments: ["$env:", "$env:9X", "$secret:", "$file:", "$file:/abs", "$file:a/../../b", "$func:later", "$vault:x"])
    func rejectsMalformed(_ text: String) {
        #expect(throws: ReferenceSyntaxError.self) { try RefOrLiteral.parse(text) }
    }

    func resolver(env: [String: String] = [:], dir: String = "/nonexistent", backend: ReferenceResolver.SecretBackend? = nil) -> ReferenceResolver {
        ReferenceResolver(environment: env, manifestDirectory: dir, secretBackend: backend,
                          now: { Date(timeIntervalSince1970: 1_700_000_000) })
    }

    @Test func resolvesEnvironmentAndNamesTheFieldWhenMissing() throws {
        #expect(try resolver(env: ["K": "v"]).resolve(.reference(.env("K")), field: "spec.model.apiKey") == "v")
        do {
            _ = try resolver().resolve(.reference(.env("K")), field: "spec.model.apiKey")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "spec.model.apiKey: cannot resolve $env:K: environment variable K is not set")
        }
    }

    @Test func secretsFromEnvironmentFilesOrRefused() throws {
        let env = ["AGENTSPEC_SECRET_LANGFUSE_SECRET_KEY": "s3"]
        #expect(try resolver(env: env).resolve(.secret("langfuse-secret-key"), field: "f") == "s3")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "from-file\n".write(to: dir.appendingPathComponent("db"), atomically: true, encoding: .utf8)
        #expect(try resolver(backend: .files(directory: dir.path)).resolve(.secret("db"), field: "f") == "from-file")
        #expect(throws: ReferenceError.self) { try resolver(backend: .unsupported("vault")).resolve(.secret("db"), field: "f") }
        #expect(ReferenceResolver.SecretBackend.from(environment: ["AGENTSPEC_SECRET_BACKEND": "file"]) == .files(directory: "/run/secrets"))
        #expect(ReferenceResolver.SecretBackend.from(environment: ["AGENTSPEC_SECRET_BACKEND": "aws"]) == .unsupported("aws"))
    }

    @Test func filesRelativeToTheManifestAndNeverOutside() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("prompts"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "You are a coach.".write(to: dir.appendingPathComponent("prompts/system.md"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("escape").path, withDestinationPath: "/etc")
        let r = resolver(dir: dir.path)
        #expect(try r.resolve(.file("prompts/system.md"), field: "spec.prompts.system") == "You are a coach.")
        #expect(throws: ReferenceError.self) { try r.resolve(.file("../x"), field: "f") }
        #expect(throws: ReferenceError.self) { try r.resolve(.file("escape/hostname"), field: "f") }
        #expect(throws: ReferenceError.self) { try r.resolve(.file("missing.md"), field: "f") }
    }

    @Test func functionsUseTheInjectedClock() throws {
        #expect(try resolver().resolve(.function("now_unix"), field: "f") == "1700000000")
        #expect(try resolver().resolve(.function("now_iso"), field: "f") == "2023-11-14T22:13:20Z")
        #expect(try resolver().resolve(.function("now_date"), field: "f") == "2023-11-14")
    }

    @Test func civilDates() {
        #expect(CivilTime.parseDate("1970-01-01") == 0)
        #expect(CivilTime.parseDate("2000-03-01") == 951_868_800)
        #expect(CivilTime.parseDate("2024-02-29") != nil)
        #expect(CivilTime.parseDate("2023-02-29") == nil)
        #expect(CivilTime.parseDate("2023-1-01") == nil)
        #expect(CivilTime(unixSeconds: -1).iso8601 == "1969-12-31T23:59:59Z")
    }
}
