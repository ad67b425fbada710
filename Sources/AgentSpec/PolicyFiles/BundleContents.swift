// BundleContents: what an OPA bundle holds, read from its members (a `.tar.gz` or a
// bundle folder) by OPA's bundle rules: `*.rego` files are modules; `data.json`,
// `data.yaml` and `data.yml` are data placed at their folder's path; `/.manifest` gives
// the revision and the roots; anything else is ignored. Then OPA's root checks: every
// module's package and every data path must lie under a root. What the VM cannot honour
// is refused rather than dropped: delta bundles (`patch.json`), Wasm modules and plans.
import PolicyVM

/// A bundle, read and checked.
public struct BundleContents: Sendable {
    /// Where it came from (the `.tar.gz` or folder as given).
    public var source: String
    /// The manifest (`BundleManifest()` — revision "", root "" — when it has none).
    public var manifest: BundleManifest
    public var hasManifest: Bool
    /// Modules named `source#path` for archives and `source/path` for folders.
    public var modules: [PolicySource] = []
    public var data: Value { document.value }
    var document = DataDocument()

    /// Reads `members`; `memberName` names a member in errors and module names.
    init(source: String, members: [BundleMember], memberName: (String) -> String) throws(PolicyLoadError) {
        self.source = source
        manifest = BundleManifest()
        hasManifest = false
        for m in members where m.path == [".manifest"] {
            manifest = try BundleManifest.parse(m.bytes, file: memberName(m.pathText))
            hasManifest = true
        }
        for m in members {
            let file = memberName(m.pathText)
            let base = m.path.last ?? ""
            switch base {
            case ".manifest" where m.path.count > 1:
                throw PolicyLoadError(file, "a .manifest belongs at the bundle's root")
            case "patch.json":
                throw PolicyLoadError(file, "delta bundles (patch.json) are not supported: serve a snapshot bundle")
            case "policy.wasm", "plan.json":
                throw PolicyLoadError(file, "Wasm modules and plans are not supported: build the bundle from Rego")
            case "data.json", "data.yaml", "data.yml":
                let format: DataFileReader.Format = base == "data.json" ? .json : .yaml
                let value = try DataFileReader.parse(m.bytes, path: file, as: format)
                try document.insert(value, at: Array(m.path.dropLast()), from: file)
            default:
                guard base.hasSuffix(".rego") else { continue }
                guard let text = String(validating: m.bytes, as: UTF8.self) else { throw PolicyLoadError(file, "not valid UTF-8") }
                modules.append(PolicySource(name: file, text: text, bundlePath: m.path))
            }
        }
        try checkRoots()
    }

    /// OPA's root checks (bundle.go, validateAndInjectDefaults), with its messages.
    private func checkRoots() throws(PolicyLoadError) {
        let roots = manifest.roots
        let shown = "[" + roots.joined(separator: " ") + "]"
        for m in modules {
            // A module that does not parse is left to the compiler, which reports it with
            // its line and column.
            guard let package = try? ModulePackage.path(of: m.text, file: m.name) else { continue }
            if !manifest.contains(package.joined(separator: "/")) {
                throw PolicyLoadError(m.name, "manifest roots \(shown) do not permit 'package \((["data"] + package).joined(separator: "."))'")
            }
        }
        if let path = firstDataOutsideRoots(data, at: []) {
            throw PolicyLoadError(source, "manifest roots \(shown) do not permit data at path '/\(path.joined(separator: "/"))' "
                                  + "(hint: check bundle directory structure)")
        }
    }

    /// The first data path no root contains: a path inside a root is fine; an object on
    /// the way to a root is searched further; anything else is outside.
    private func firstDataOutsideRoots(_ node: Value, at path: [String]) -> [String]? {
        let text = path.joined(separator: "/")
        if manifest.contains(text) { return nil }
        guard case .object(let o) = node, manifest.roots.contains(where: { BundleManifest.root(text, contains: $0) || path.isEmpty }) else {
            return path
        }
        for (key, child) in o {
            guard case .string(let k) = key else { return path }
            if let bad = firstDataOutsideRoots(child, at: path + [k]) { return bad }
        }
        return nil
    }
}
