// PolicyFileLoader: OPA's data-file mode (-d) and bundle mode (-b) over real folders —
// data at its folder's path, JSON and YAML alike, prefixes, hidden entries, links and
// loops, overlapping data and roots, bundles in both modes — and that every failure
// names the file.
import Foundation
import PolicyVM
import Testing
@testable import AgentSpec

@Suite struct PolicyFileLoaderTests {
    static func json(_ v: Value) -> String { JSONWriter.write(v) }

    @Test func dataLandsAtItsFoldersPath() throws {
        let dir = try PolicyFilesFixture.folder([
            "policy.rego": "package p\nx := 1",
            "data.json": #"{"top": true}"#,
            "a/b/data.yaml": "limit: 3\nnames: [x, z]\n",
            "a/c/other.json": #"{"n": 1}"#,
            "a/c/more.yml": "m: 2\n",
            "a/notes.txt": "ignored",
        ])
        defer { PolicyFilesFixture.remove(dir) }
        let loaded = try PolicyFileLoader.load([dir], as: .dataFiles)
        #expect(Self.json(loaded.data) == #"{"a":{"b":{"limit":3,"names":["x","z"]},"c":{"m":2,"n":1}},"top":true}"#)
        #expect(loaded.modules.map(\.name) == [dir + "/policy.rego"])
    }

    /// Bundle mode reads only data.json / data.yaml / data.yml (OPA's bundle rules).
    @Test func bundleFoldersReadOnlyDataFiles() throws {
        let dir = try PolicyFilesFixture.folder([
            "a/b/data.yaml": "limit: 3\n", "a/c/other.json": #"{"n": 1}"#, "a/d/data.yml": "k: v\n", "p.rego": "package a.b\ny := 2",
        ])
        defer { PolicyFilesFixture.remove(dir) }
        let loaded = try PolicyFileLoader.load([dir], as: .bundles)
        #expect(Self.json(loaded.data) == #"{"a":{"b":{"limit":3},"d":{"k":"v"}}}"#)
        #expect(loaded.modules.map(\.name) == [dir + "/p.rego"])
        #expect(loaded.bundles.map(\.source) == [dir])
    }

    @Test func hiddenEntriesAreSkippedButTheManifest() throws {
        let dir = try PolicyFilesFixture.folder([
            ".git/data.json": #"{"git": 1}"#, ".hidden.rego": "package hidden", "ok/.x.json": #"{"x": 1}"#,
            ".manifest": #"{"revision": "9", "roots": ["ok"]}"#, "ok/data.json": #"{"y": 2}"#,
        ])
        defer { PolicyFilesFixture.remove(dir) }
        #expect(Self.json(try PolicyFileLoader.load([dir], as: .dataFiles).data) == #"{"ok":{"y":2}}"#)
        let bundle = try PolicyFileLoader.load([dir], as: .bundles)
        #expect(bundle.bundles.first?.manifest == BundleManifest(revision: "9", roots: ["ok"]))
    }

    /// A ConfigMap mount: files are links into `..data/`, which links to a timestamped
    /// folder. Every file loads once, at its visible path.
    @Test func aConfigMapMountLoadsEachFileOnce() throws {
        let dir = try PolicyFilesFixture.folder([
            "..2024_01_01/policy.rego": "package p\ndefault allow := false", "..2024_01_01/data.json": #"{"p": {"limit": 1}}"#,
        ])
        defer { PolicyFilesFixture.remove(dir) }
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: dir + "/..data", withDestinationPath: "..2024_01_01")
        try fm.createSymbolicLink(atPath: dir + "/policy.rego", withDestinationPath: "..data/policy.rego")
        try fm.createSymbolicLink(atPath: dir + "/data.json", withDestinationPath: "..data/data.json")
        for mode in [PolicyLoadMode.dataFiles, .bundles] {
            let loaded = try PolicyFileLoader.load([dir], as: mode)
            #expect(loaded.modules.map(\.name) == [dir + "/policy.rego"])
            #expect(Self.json(loaded.data) == #"{"p":{"limit":1}}"#)
        }
    }

    @Test func aLinkLoopIsWalkedOnce() throws {
        let dir = try PolicyFilesFixture.folder(["a/policy.rego": "package a\nx := 1"])
        defer { PolicyFilesFixture.remove(dir) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/a/loop", withDestinationPath: "..")
        let loaded = try PolicyFileLoader.load([dir], as: .dataFiles)
        #expect(loaded.modules.count == 1)
    }

    @Test func prefixesPlaceDataBelowData() throws {
        let dir = try PolicyFilesFixture.folder(["x.json": #"{"k": 1}"#, "d/data.yaml": "v: 2\n"])
        defer { PolicyFilesFixture.remove(dir) }
        let loaded = try PolicyFileLoader.load(["a.b:" + dir + "/x.json", "c:" + dir + "/d"], as: .dataFiles)
        #expect(Self.json(loaded.data) == #"{"a":{"b":{"k":1}},"c":{"v":2}}"#)
        #expect(PolicyFileLoader.splitPrefix("file:///tmp/x.json") == ([], "file:///tmp/x.json"))
    }

    @Test func aFileGivenDirectlyIsReadByContent() throws {
        let dir = try PolicyFilesFixture.folder(["policy.txt": "package p\nx := 1", "data.txt": "a: 1\n", "junk.txt": "- 1\n- 2\n"])
        defer { PolicyFilesFixture.remove(dir) }
        let loaded = try PolicyFileLoader.load([dir + "/policy.txt", dir + "/data.txt"], as: .dataFiles)
        #expect(loaded.modules.map(\.name) == [dir + "/policy.txt"])
        #expect(Self.json(loaded.data) == #"{"a":1}"#)
        #expect(throws: PolicyLoadError(dir + "/junk.txt", "data at the root of data must be an object (document must be of type object)")) {
            try PolicyFileLoader.load([dir + "/junk.txt"], as: .dataFiles)
        }
    }

    @Test func overlappingDataNamesBothFiles() throws {
        let dir = try PolicyFilesFixture.folder(["a/data.json": #"{"b": {"c": 1}}"#, "a/b/data.yaml": "c: 2\n"])
        defer { PolicyFilesFixture.remove(dir) }
        // Folders list sorted, as OPA reads them: a/b/data.yaml first.
        #expect(throws: PolicyLoadError(dir + "/a/data.json", "data at data.a.b.c overlaps data from \(dir)/a/b/data.yaml (merge error: only objects merge)")) {
            try PolicyFileLoader.load([dir], as: .dataFiles)
        }
        // Objects merge key by key.
        let ok = try PolicyFilesFixture.folder(["a/data.json": #"{"b": {"c": 1}}"#, "a/b/data.yaml": "d: 2\n"])
        defer { PolicyFilesFixture.remove(ok) }
        #expect(Self.json(try PolicyFileLoader.load([ok], as: .dataFiles).data) == #"{"a":{"b":{"c":1,"d":2}}}"#)
    }

    @Test func theSameFileTwiceLoadsOnce() throws {
        let dir = try PolicyFilesFixture.folder(["p/policy.rego": "package p\ndefault allow := false", "p/data.json": #"{"k": 1}"#])
        defer { PolicyFilesFixture.remove(dir) }
        let loaded = try PolicyFileLoader.load([dir + "/p", dir + "/p/policy.rego", dir + "/./p/data.json"], as: .dataFiles)
        #expect(loaded.modules.count == 1)
        #expect(Self.json(loaded.data) == #"{"k":1}"#)
    }

    @Test func badFilesAreNamed() throws {
        let dir = try PolicyFilesFixture.folder(["a/data.json": "{\"x\": ", "b/data.yaml": "a: [1,\n", "c/p.rego": "package c"])
        defer { PolicyFilesFixture.remove(dir) }
        let json = #expect(throws: PolicyLoadError.self) { try PolicyFileLoader.load([dir + "/a"], as: .dataFiles) }
        #expect(json?.path == dir + "/a/data.json" && json?.position != nil)
        let yaml = #expect(throws: PolicyLoadError.self) { try PolicyFileLoader.load([dir + "/b"], as: .dataFiles) }
        #expect(yaml?.path == dir + "/b/data.yaml" && yaml?.position != nil)
        #expect(throws: PolicyLoadError(dir + "/missing", "No such file or directory")) {
            try PolicyFileLoader.load([dir + "/missing"], as: .dataFiles)
        }
    }

    @Test func bundlesWithOverlappingRootsAreRefused() throws {
        let dir = try PolicyFilesFixture.folder([
            "one/.manifest": #"{"roots": ["authz"]}"#, "one/a.rego": "package authz\nx := 1",
            "two/.manifest": #"{"roots": ["authz/extra"]}"#, "two/b.rego": "package authz.extra\ny := 1",
            "three/.manifest": #"{"roots": ["other"]}"#, "three/c.rego": "package other\nz := 1",
        ])
        defer { PolicyFilesFixture.remove(dir) }
        #expect(throws: PolicyLoadError(dir + "/two", "its root 'authz/extra' overlaps the root 'authz' of the bundle \(dir)/one "
                                        + "(detected overlapping roots in bundle manifest)")) {
            try PolicyFileLoader.load([dir + "/one", dir + "/two"], as: .bundles)
        }
        #expect(try PolicyFileLoader.load([dir + "/one", dir + "/three"], as: .bundles).modules.count == 2)
    }

    @Test func rootsBoundWhatABundleDefines() throws {
        let dir = try PolicyFilesFixture.folder([
            "m/.manifest": #"{"roots": ["authz"]}"#, "m/a.rego": "package other\nx := 1",
            "d/.manifest": #"{"roots": ["authz"]}"#, "d/x/data.json": #"{"k": 1}"#,
            "ok/.manifest": #"{"roots": ["authz/rules", "authz/data"]}"#, "ok/authz/data/data.json": #"{"k": 1}"#,
            "ok/r.rego": "package authz.rules\nx := 1",
        ])
        defer { PolicyFilesFixture.remove(dir) }
        #expect(throws: PolicyLoadError(dir + "/m/a.rego", "manifest roots [authz] do not permit 'package data.other'")) {
            try PolicyFileLoader.load([dir + "/m"], as: .bundles)
        }
        #expect(throws: PolicyLoadError(dir + "/d", "manifest roots [authz] do not permit data at path '/x' (hint: check bundle directory structure)")) {
            try PolicyFileLoader.load([dir + "/d"], as: .bundles)
        }
        #expect(Self.json(try PolicyFileLoader.load([dir + "/ok"], as: .bundles).data) == #"{"authz":{"data":{"k":1}}}"#)
    }

    @Test func aTarGzInADataFolderIsMergedAtItsPath() throws {
        let dir = try PolicyFilesFixture.folder(["sub/policy.rego": "package q\nx := 1"])
        defer { PolicyFilesFixture.remove(dir) }
        var tar = TarWriter()
        tar.addFile("/data.json", Array(#"{"k": 1}"#.utf8))
        tar.addFile("/r.rego", Array("package r\ny := 2".utf8))
        try Data(Gzip.compress(tar.finished())).write(to: URL(fileURLWithPath: dir + "/sub/b.tar.gz"))
        let loaded = try PolicyFileLoader.load([dir], as: .dataFiles)
        #expect(Self.json(loaded.data) == #"{"sub":{"k":1}}"#)
        #expect(Set(loaded.modules.map(\.name)) == [dir + "/sub/policy.rego", dir + "/sub/b.tar.gz#r.rego"])
    }

    @Test func folderLimitsAreEnforced() throws {
        let dir = try PolicyFilesFixture.folder(["a.rego": "package a", "b.rego": "package b", "c/data.json": "{}"])
        defer { PolicyFilesFixture.remove(dir) }
        #expect(throws: PolicyLoadError(dir + "/c/data.json", "more than 2 policy and data files: refused")) {
            try PolicyFileLoader.load([dir], as: .dataFiles, limits: BundleLimits(maxFiles: 2))
        }
        #expect(throws: PolicyLoadError(dir + "/a.rego", "larger than 5 bytes: refused")) {
            try PolicyFileLoader.load([dir], as: .dataFiles, limits: BundleLimits(maxFileBytes: 5))
        }
    }

    @Test func whatTheVMCannotHonourIsRefused() throws {
        let dir = try PolicyFilesFixture.folder(["d/patch.json": "{}", "w/policy.wasm": "", "m/.manifest": #"{"rego_version": 0}"#])
        defer { PolicyFilesFixture.remove(dir) }
        #expect(throws: PolicyLoadError(dir + "/d/patch.json", "delta bundles (patch.json) are not supported: serve a snapshot bundle")) {
            try PolicyFileLoader.load([dir + "/d"], as: .bundles)
        }
        #expect(throws: PolicyLoadError.self) { try PolicyFileLoader.load([dir + "/w"], as: .bundles) }
        #expect(throws: PolicyLoadError.self) { try PolicyFileLoader.load([dir + "/m"], as: .bundles) }
    }
}
