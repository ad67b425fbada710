// PolicyFilesFixture: temporary folders of policy and data files for the loader and
// bundle tests, and a way to run system tools (tar, gzip) as an independent writer and
// reader of the formats.
import Foundation

enum PolicyFilesFixture {
    /// A fresh folder holding `files` (relative path -> text); removed by the caller.
    static func folder(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policyfiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return dir.path
    }

    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    /// Runs a program, returning its exit status and stdout; stderr is discarded.
    @discardableResult
    static func run(_ program: String, _ args: [String], cwd: String? = nil) throws -> (status: Int32, stdout: Data) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = args
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, data)
    }

    static func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }
}
