// BundleBuilder: a bundle built from folders reads back to the same modules and data,
// its manifest carries the revision and the roots it defines, and it is the same bytes
// every time.
import Foundation
import PolicyVM
import Testing
@testable import AgentSpec

@Suite struct BundleBuilderTests {
    static let files = [
        "authz/policy.rego": "package authz\ndefault allow := false\nallow if input.user in data.authz.admins",
        "authz/data.yaml": "admins: [alice]\n",
        "names/data.yaml": "- a\n- b\n",
        "data.json": #"{"limits": {"max": 3}, "flags": {"on": true}}"#,
        "agentspec/agent/x/rules.rego": "package agentspec.agent.x\ndeny contains 1 if false",
        "agentspec/agent/x/more.rego": "package agentspec.agent.x.more\ny := 1",
    ]

    @Test func readsBackToTheSameModulesAndData() throws {
        let dir = try PolicyFilesFixture.folder(Self.files)
        defer { PolicyFilesFixture.remove(dir) }
        let loaded = try PolicyFileLoader.load([dir], as: .dataFiles)
        let built = try BundleBuilder.build(loaded, revision: "v1")
        try Data(built.bytes).write(to: URL(fileURLWithPath: dir + "/out.tar.gz"))
        let back = try PolicyFileLoader.load([dir + "/out.tar.gz"], as: .bundles)
        #expect(JSONWriter.write(back.data) == JSONWriter.write(loaded.data))
        #expect(Set(back.modules.map(\.text)) == Set(loaded.modules.map(\.text)))
        #expect(back.bundles.first?.manifest == built.manifest)
        #expect(built.manifest == BundleManifest(revision: "v1", roots: ["agentspec/agent/x", "authz", "flags", "limits", "names"]))
        #expect(try BundleBuilder.build(loaded, revision: "v1").bytes == built.bytes)
    }

    @Test func dataFilesStayAtTheirPaths() throws {
        let dir = try PolicyFilesFixture.folder(Self.files)
        defer { PolicyFilesFixture.remove(dir) }
        let built = try BundleBuilder.build(try PolicyFileLoader.load([dir], as: .dataFiles), revision: "")
        let members = try BundleArchive.members(built.bytes, name: "b", limits: .standard)
        let data = members.filter { $0.path.last == "data.json" }.map(\.pathText).sorted()
        #expect(data == ["authz/data.json", "data.json", "names/data.json"])
        #expect(members.contains { $0.pathText == ".manifest" })
    }

    @Test func nothingButDataOwnsItsTopKeys() throws {
        let dir = try PolicyFilesFixture.folder(["a/b/data.json": #"{"k": 1}"#])
        defer { PolicyFilesFixture.remove(dir) }
        let loaded = try PolicyFileLoader.load([dir], as: .dataFiles)
        #expect(BundleBuilder.roots(loaded) == ["a/b"])
        #expect(BundleBuilder.roots(LoadedPolicy()) == [""])
    }
}
