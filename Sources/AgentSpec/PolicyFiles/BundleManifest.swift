// BundleManifest: a bundle's `.manifest` file (OPA's format): the `revision` string and
// the `roots`, the paths below `data` the bundle owns. Roots decide what a bundle may
// define: every module's package and every data path must lie under one of them, and
// two bundles loaded together must not own overlapping paths. No roots means the one
// root "" (all of data). Other fields (metadata, wasm) are kept out; `rego_version` 0
// (Rego v0 modules) is refused: the VM reads Rego v1 only.
import PolicyVM

/// The `.manifest` of an OPA bundle.
public struct BundleManifest: Sendable, Equatable {
    public var revision: String
    /// Slash-separated paths below `data`, without leading or trailing slashes; `[""]`
    /// owns everything.
    public var roots: [String]

    public init(revision: String = "", roots: [String] = [""]) {
        self.revision = revision
        self.roots = roots.map(Self.trimmed)
    }

    /// Reads a `.manifest` (JSON); `file` names it in errors.
    public static func parse(_ bytes: [UInt8], file: String) throws(PolicyLoadError) -> BundleManifest {
        let value: Value
        do { value = try JSONReader.parse(bytes: bytes) } catch {
            throw PolicyLoadError(file, "manifest is not JSON: \(error.message)", line: error.line, column: error.column)
        }
        guard case .object = value else { throw PolicyLoadError(file, "manifest must be a JSON object") }
        var manifest = BundleManifest()
        switch value.field("revision") {
        case nil, .null?: break
        case .string(let r)?: manifest.revision = r
        case let other?: throw PolicyLoadError(file, "manifest revision must be a string, got \(JSONWriter.write(other))")
        }
        switch value.field("roots") {
        case nil, .null?: break
        case .array(let items)?:
            var roots: [String] = []
            for item in items {
                guard case .string(let r) = item else {
                    throw PolicyLoadError(file, "manifest roots must be strings, got \(JSONWriter.write(item))")
                }
                roots.append(trimmed(r))
            }
            manifest.roots = roots
        case let other?: throw PolicyLoadError(file, "manifest roots must be an array of strings, got \(JSONWriter.write(other))")
        }
        if let v = value.field("rego_version"), JSONWriter.write(v) == "0" {
            throw PolicyLoadError(file, "manifest declares rego_version 0 (Rego v0 modules); only Rego v1 is supported")
        }
        for i in manifest.roots.indices {
            for j in manifest.roots.indices where j > i && Self.overlap(manifest.roots[i], manifest.roots[j]) {
                throw PolicyLoadError(file, "manifest has overlapped roots: '\(manifest.roots[i])' and '\(manifest.roots[j])'")
            }
        }
        return manifest
    }

    /// The `.manifest` text OPA writes: `revision`, `roots`, and `rego_version` 1 (so
    /// an OPA that still defaults to Rego v0 reads the modules as v1), one line.
    public func encoded() -> [UInt8] {
        // OPA's encoder writes its fields in declaration order: revision, roots, rego_version.
        var out = Array("{\"revision\":".utf8)
        JSONWriter.appendString(revision, to: &out)
        out += Array(",\"roots\":".utf8)
        JSONWriter.append(.array(roots.map { .string($0) }), to: &out)
        out += Array(",\"rego_version\":1}\n".utf8)
        return out
    }

    /// Whether one of the roots contains `path` (slash-separated below `data`).
    public func contains(_ path: String) -> Bool { roots.contains { Self.root($0, contains: path) } }

    /// `root` contains `path`: the root "" contains everything; otherwise the root's
    /// segments are a prefix of the path's.
    public static func root(_ root: String, contains path: String) -> Bool {
        if root.isEmpty { return true }
        let r = root.split(separator: "/", omittingEmptySubsequences: false)
        let p = path.split(separator: "/", omittingEmptySubsequences: false)
        return r.count <= p.count && zip(r, p).allSatisfy { $0 == $1 }
    }

    /// Two roots overlap when either contains the other.
    public static func overlap(_ a: String, _ b: String) -> Bool { root(a, contains: b) || root(b, contains: a) }

    static func trimmed(_ root: String) -> String {
        var s = Substring(root)
        while s.hasPrefix("/") { s = s.dropFirst() }
        while s.hasSuffix("/") { s = s.dropLast() }
        return String(s)
    }
}
