// Invalid manifests under Fixtures/invalid/: each `X.yaml` must give exactly the errors
// listed in `X.expected` (one `LINE:COL: PATH: MESSAGE` a line), in that order.
import Foundation
import Testing
@testable import AgentSpec

@Suite struct InvalidManifestFixtureTests {
    static let names: [String] = {
        let dir = TestManifests.fixtures.appendingPathComponent("invalid").path
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }()

    @Test func fixturesArePresent() {
        #expect(Self.names.count >= 15)
    }

    @Test(arguments: names) func givesExactlyTheExpectedErrors(_ name: String) throws {
        let dir = TestManifests.fixtures.appendingPathComponent("invalid")
        let yaml = try String(contentsOf: dir.appendingPathComponent(name + ".yaml"), encoding: .utf8)
        let expected = try String(contentsOf: dir.appendingPathComponent(name + ".expected"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let loaded = ManifestLoader.load(text: yaml, file: "agent.yaml")
        #expect(!loaded.isValid)
        #expect(TestManifests.errors(loaded) == expected)
    }
}
