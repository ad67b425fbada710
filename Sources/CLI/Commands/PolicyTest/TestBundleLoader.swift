// TestBundleLoader: what `policy test` loads from its paths — every `.rego` file and
// every `data.json` like `PolicyBundle`, plus `data.yaml`/`data.yml` files placed at
// their folder's path, as OPA bundles do. Invariant: a bad file is an error naming the
// file, never a crash; hidden entries (starting with `.`) are skipped.
import AgentSpec
import Foundation
import PolicyVM

/// A file that could not be loaded: its path and why.
struct BundleLoadError: Error, CustomStringConvertible {
    let description: String
}

/// Loads a bundle for the test runner, including YAML data files.
enum TestBundleLoader {
    static func load(_ paths: [String]) throws(BundleLoadError) -> PolicyBundle {
        for path in paths where !FileManager.default.fileExists(atPath: path) {
            throw BundleLoadError(description: "\(path): no such file or directory")
        }
        var bundle: PolicyBundle
        do { bundle = try PolicyBundle.load(paths) } catch { throw BundleLoadError(description: error.description) }
        for path in paths where isDirectory(path) {
            for (file, prefix) in yamlDataFiles(path, prefix: []) {
                bundle.data = PolicyBundle.merge(bundle.data, try readYAML(file), at: prefix[...])
            }
        }
        bundle.modules.sort { $0.name < $1.name }
        return bundle
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    /// `data.yaml` files below `folder`, each with its folder's path relative to the root.
    private static func yamlDataFiles(_ folder: String, prefix: [String]) -> [(String, [String])] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        var found: [(String, [String])] = []
        for name in names where !name.hasPrefix(".") {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            if isDirectory(path) {
                found += yamlDataFiles(path, prefix: prefix + [name])
            } else if name == "data.yaml" || name == "data.yml" {
                found.append((path, prefix))
            }
        }
        return found
    }

    private static func readYAML(_ path: String) throws(BundleLoadError) -> Value {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BundleLoadError(description: "\(path): cannot read file")
        }
        let node: YAMLNode
        do { node = try YAMLParser.parseDocument(String(decoding: data, as: UTF8.self)) } catch {
            throw BundleLoadError(description: "\(path): \(error)")
        }
        guard let value = node.jsonValue else {
            throw BundleLoadError(description: "\(path): a mapping key is not a scalar")
        }
        return value
    }
}
