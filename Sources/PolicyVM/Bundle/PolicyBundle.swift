// PolicyBundle: Rego modules and data loaded from files and folders the way OPA loads
// bundles: every `.rego` file below a folder is a module; a `data.json` file is placed
// at its folder's path relative to the root given (data at the root merges at the top).
// Hidden entries (starting with `.`) are skipped.

/// Modules and data ready to compile.
public struct PolicyBundle: Sendable {
    public var modules: [(name: String, text: String)] = []
    public var data: Value = .emptyObject

    public init() {}

    /// Loads each path (a `.rego` file, a `.json` data file, or a folder of both).
    public static func load(_ paths: [String]) throws(FileError) -> PolicyBundle {
        var bundle = PolicyBundle()
        for path in paths {
            if FileSystem.isDirectory(path) {
                try bundle.addFolder(path, prefix: [])
            } else if path.hasSuffix(".json") {
                try bundle.addData(file: path, at: [])
            } else {
                bundle.modules.append((path, try FileSystem.readText(path)))
            }
        }
        return bundle
    }

    private mutating func addFolder(_ folder: String, prefix: [String]) throws(FileError) {
        guard FileSystem.exists(folder) else { throw FileError(path: folder, reason: "no such file or directory") }
        for name in try FileSystem.list(folder) where !name.hasPrefix(".") {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            if FileSystem.isDirectory(path) {
                try addFolder(path, prefix: prefix + [name])
            } else if name.hasSuffix(".rego") {
                modules.append((path, try FileSystem.readText(path)))
            } else if name == "data.json" {
                try addData(file: path, at: prefix)
            }
        }
    }

    private mutating func addData(file: String, at prefix: [String]) throws(FileError) {
        let text = try FileSystem.readText(file)
        let value: Value
        do { value = try JSONReader.parse(text) } catch { throw FileError(path: file, reason: "\(error)") }
        data = PolicyBundle.merge(data, value, at: prefix[...])
    }

    /// Places `value` at `path` in `document`, merging objects key by key.
    public static func merge(_ document: Value, _ value: Value, at path: ArraySlice<String>) -> Value {
        guard let first = path.first else {
            if case .object(let a) = document, case .object(let b) = value {
                var out = a
                for (k, v) in b { out[k] = out[k].map { merge($0, v, at: []) } ?? v }
                return .object(out)
            }
            return value
        }
        var object: RegoObject = [:]
        if case .object(let o) = document { object = o }
        object[.string(first)] = merge(object[.string(first)] ?? .emptyObject, value, at: path.dropFirst())
        return .object(object)
    }
}
