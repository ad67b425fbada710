// The `agentspec` binary's top level: help, version, unknown commands (exit 64).
import Foundation
import Testing

@Suite struct CLIUsageTests {
    @Test func versionPrintsAndExitsZero() throws {
        let r = try BinaryRunner.run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("agentspec "))
    }

    @Test func unknownCommandIsAUsageError() throws {
        let r = try BinaryRunner.run(["frobnicate"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("unknown command 'frobnicate'"))
    }

    @Test func helpListsCommandsAndExitsZero() throws {
        let r = try BinaryRunner.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Usage: agentspec <command>"))
    }
}
