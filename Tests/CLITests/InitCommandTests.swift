// InitCommandTests: `agentspec init` through the built binary — defaults with --yes
// (and without a terminal), the output validates and audits at grade A (as --help promises), existing
// files are kept, bad names are usage errors, and on a terminal (a pty from
// script(1)) the questions are asked and bad answers asked again.
import Foundation
import Testing

@Suite struct InitCommandTests {
    static func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("init-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func auditGrade(_ file: String) throws -> String? {
        let r = try BinaryRunner.run(["audit", file, "--json"])
        let report = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        return report?["grade"] as? String
    }

    @Test func yesWritesAManifestThatValidatesAndAuditsWell() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try BinaryRunner.run(["init", dir + "/Support Bot", "--yes"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("wrote \(dir)/Support Bot/agent.yaml\n"))
        let manifest = dir + "/Support Bot/agent.yaml"
        let validated = try BinaryRunner.run(["validate", manifest])
        #expect(validated.stdout == "\(manifest): valid (agent support-bot 0.1.0)\n")
        #expect(try Self.auditGrade(manifest) == "A")
        #expect(FileManager.default.fileExists(atPath: dir + "/Support Bot/prompts/system.md"))
    }

    @Test func withoutATerminalItTakesTheDefaults() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try BinaryRunner.run(["init", "--name", "given-name"], stdin: "ignored\n", cwd: dir)
        #expect(r.status == 0)
        #expect(try String(contentsOfFile: dir + "/agent.yaml", encoding: .utf8).contains("  name: given-name\n"))
    }

    @Test func keepsExistingFiles() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("mine\n".utf8).write(to: URL(fileURLWithPath: dir + "/agent.yaml"))
        let r = try BinaryRunner.run(["init", dir, "--yes"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(dir)/agent.yaml: exists"))
        #expect(try String(contentsOfFile: dir + "/agent.yaml", encoding: .utf8) == "mine\n")
        #expect(!FileManager.default.fileExists(atPath: dir + "/prompts"))
    }

    @Test func rejectsNamesTheSchemaRejects() throws {
        let r = try BinaryRunner.run(["init", "--name", "Bad_Name", "--yes"])
        #expect(r.status == 64)
        #expect(r.stderr.hasPrefix("agentspec init: --name must be lowercase letters, digits and '-' (metadata.name), got 'Bad_Name'\n"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) from util-linux for a pty"))
    func asksOnATerminal() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let answers = "Bad Name!\ngood-name\nA \"quoted\" bot: yes\n\n\ngpt-4o-mini\ngpt-4o\n4001\n8080\n"
        let command = "'\(BinaryRunner.binaryURL.path)' init '\(dir)/agent'"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        p.arguments = ["-qec", command, "/dev/null"]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = output
        try p.run()
        input.fileHandleForWriting.write(Data(answers.utf8))
        let transcript = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(transcript)")
        #expect(transcript.contains("the name must be lowercase letters, digits and '-' (e.g. bad-name)"))
        #expect(transcript.contains("the fallback must be a different model than gpt-4o-mini"))
        #expect(transcript.contains("the port must be 1-65535 and not 4000/4001"))
        let text = try String(contentsOfFile: dir + "/agent/agent.yaml", encoding: .utf8)
        #expect(text.contains("  name: good-name\n"))
        #expect(text.contains("  description: \"A \\\"quoted\\\" bot: yes\"\n"))
        #expect(text.contains("    port: 8080\n"))
        #expect(try BinaryRunner.run(["validate", dir + "/agent/agent.yaml"]).status == 0)
    }
}
