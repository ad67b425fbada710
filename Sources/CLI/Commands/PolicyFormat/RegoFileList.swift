// RegoFileList: the `.rego` files a path names, for `policy fmt` — the file itself, or
// every `.rego` file below a folder in name order, hidden files and folders skipped (as
// OPA's loader skips them). Fails naming the path and the system's reason.
import Foundation

enum RegoFileList {
    struct ReadError: Error { let message: String }

    static func read(_ paths: [String]) throws(ReadError) -> [(name: String, text: String)] {
        var files: [String] = []
        for path in paths { try collect(path, into: &files, isTop: true) }
        var result: [(name: String, text: String)] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ReadError(message: "\(file): cannot be read")
            }
            guard let text = String(data: data, encoding: .utf8) else { throw ReadError(message: "\(file): not UTF-8 text") }
            result.append((file, text))
        }
        return result
    }

    private static func collect(_ path: String, into files: inout [String], isTop: Bool) throws(ReadError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ReadError(message: "\(path): no such file or directory")
        }
        guard isDirectory.boolValue else {
            if isTop || path.hasSuffix(".rego") { files.append(path) }
            return
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: path).sorted() } catch {
            throw ReadError(message: "\(path): \(error.localizedDescription)")
        }
        for name in names where !name.hasPrefix(".") {
            let child = path.hasSuffix("/") ? path + name : path + "/" + name
            var childIsDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: child, isDirectory: &childIsDirectory)
            if childIsDirectory.boolValue || name.hasSuffix(".rego") { try collect(child, into: &files, isTop: false) }
        }
    }
}
