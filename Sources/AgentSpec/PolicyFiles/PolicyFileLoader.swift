// PolicyFileLoader: the one way policies and data are read from disk — by `policy
// eval`, `policy test`, `policy build`, the sidecar's POLICY_DIR and so its Data API —
// in OPA's two modes:
//   - data files (`opa eval -d`, `opa test`): every `.rego` file is a module; every
//     `.json`, `.yaml` and `.yml` file is data placed at its folder's path relative to
//     the path given (`a/b/x.json` under `-d .` lands at `data.a.b`), optionally below a
//     prefix (`-d a.b:file.json`); a `.tar.gz` inside is a bundle placed the same way; a
//     file given directly whose kind the name does not tell is tried as Rego, JSON, YAML.
//   - bundles (`opa eval -b`, `opa run -b`): each path is one bundle, a `.tar.gz` or a
//     folder, read by BundleContents (data.json/yaml only, `.manifest` roots); bundles
//     loaded together must not own overlapping roots.
// A bundle's `.signatures.json` is checked (BundleSignatureCheck) before anything in it is
// read, when the caller asks for it (`opa run -b`'s behaviour; `opa eval` does not check).
// Both skip hidden entries (names starting with `.`) in folders, as OPA does with
// `--ignore '.*'`: a Kubernetes ConfigMap mount keeps a second copy of every file under
// `..data/` and `..<timestamp>/`, which would otherwise be loaded twice. Links are
// followed (that mount's files are links) with a guard against loops. Invariant: any
// file that cannot be read or parsed, or data that overlaps, is an error naming the
// file — nothing is skipped silently but what the rules above ignore.
import PolicyVM

/// How paths are read: as OPA's data files (`-d`) or as bundles (`-b`).
public enum PolicyLoadMode: Sendable {
    case dataFiles
    case bundles
}

/// A Rego module read from a file.
public struct PolicySource: Sendable {
    /// The name errors give it: the file's path, or `bundle#member`.
    public var name: String
    public var text: String
    /// Where it goes in a bundle built from it: its member path in a bundle it came
    /// from, else its path as loaded without `.`, `..` and leading `/` (as `opa build`).
    public var bundlePath: [String]
}

/// Modules and data read from files, ready to compile, with the bundles they came from.
public struct LoadedPolicy: Sendable {
    public var sources: [PolicySource] = []
    /// The modules as the compiler takes them.
    public var modules: [(name: String, text: String)] { sources.map { ($0.name, $0.text) } }
    public var data: Value = .emptyObject
    /// Each data file's (or bundle's) value and the path below `data` it was placed at,
    /// in load order; merged, they make `data`.
    public var dataPlacements: [(path: [String], value: Value)] = []
    /// The bundles read (in bundle mode, or `.tar.gz` files met in data-file mode).
    public var bundles: [(source: String, manifest: BundleManifest)] = []
    /// Every file read, for watching them for changes.
    public var files: [String] = []
}

public enum PolicyFileLoader {
    /// Loads `paths` in `mode`; the first problem is thrown.
    public static func load(_ paths: [String], as mode: PolicyLoadMode, limits: BundleLimits = .standard,
                            signatures: BundleSignaturePolicy = .ignored) throws(PolicyLoadError) -> LoadedPolicy {
        switch mode {
        case .dataFiles: return try load(dataFiles: paths, bundles: [], limits: limits)
        case .bundles: return try load(dataFiles: [], bundles: paths, limits: limits, signatures: signatures)
        }
    }

    /// Loads data-file paths and bundle paths together (their data must not overlap);
    /// the first problem is thrown. Files and folders inside a data path whose name
    /// matches one of `ignoring` are skipped (`opa test --ignore`; the paths given
    /// themselves are always read, as OPA's loader does). Bundles (`-b`) are checked
    /// against their signatures as `signatures` says (`.tar.gz` files among data files
    /// never are, as in OPA).
    public static func load(dataFiles: [String], bundles: [String], ignoring: [FileNamePattern] = [],
                            limits: BundleLimits = .standard,
                            signatures: BundleSignaturePolicy = .ignored) throws(PolicyLoadError) -> LoadedPolicy {
        var state = LoadState(limits: limits)
        state.signatures = signatures
        state.ignored = ignoring
        for raw in dataFiles {
            let (prefix, path) = splitPrefix(raw)
            try state.loadDataPath(path, prefix: prefix)
        }
        for path in bundles { try state.loadBundle(path) }
        return LoadedPolicy(sources: state.modules, data: state.document.value,
                            dataPlacements: state.document.placements.map { ($0.path, $0.data) },
                            bundles: state.bundles, files: state.files)
    }

    /// File names a policy folder is watched for (a change to one reloads the policy).
    public static func isPolicyFileName(_ name: String) -> Bool {
        name.hasSuffix(".rego") || DataFileReader.format(ofName: name) != nil || name.hasSuffix(".tar.gz") || name == ".manifest"
    }

    /// OPA's `prefix:path` (`-d a.b:file.json` loads the file at `data.a.b`). A URL's
    /// `://` is not a prefix.
    static func splitPrefix(_ raw: String) -> (prefix: [String], path: String) {
        guard let colon = raw.firstIndex(of: ":"), colon != raw.startIndex,
              !raw[colon...].hasPrefix("://") else { return ([], raw) }
        return (raw[..<colon].split(separator: ".", omittingEmptySubsequences: false).map(String.init),
                String(raw[raw.index(after: colon)...]))
    }
}

/// What a load has gathered so far.
private struct LoadState {
    let limits: BundleLimits
    var modules: [PolicySource] = []
    var document = DataDocument()
    var bundles: [(source: String, manifest: BundleManifest)] = []
    /// The bundles loaded as bundles (`-b`), whose roots must not overlap. A `.tar.gz`
    /// met among data files is merged like any data (OPA's loader does not activate it).
    var activated: [(source: String, manifest: BundleManifest)] = []
    var files: [String] = []
    /// Files already loaded (a file reached twice, through two paths or a link, loads once).
    var loaded: Set<FileIdentity> = []
    /// Names skipped while walking data folders.
    var ignored: [FileNamePattern] = []
    /// Whether bundles (`-b`) must be signed, and by what key.
    var signatures: BundleSignaturePolicy = .ignored
    /// With signatures checked, a bundle folder is read whole: every file must be signed.
    private var readsWholeBundles: Bool { if case .verified = signatures { return true } else { return false } }

    init(limits: BundleLimits) { self.limits = limits }

    // MARK: data-file mode

    mutating func loadDataPath(_ path: String, prefix: [String]) throws(PolicyLoadError) {
        let info = try PolicyFileSystem.info(path).get()
        switch info.kind {
        case .directory:
            var ancestors: Set<FileIdentity> = [info.id]
            try walkData(path, prefix: prefix, ancestors: &ancestors)
        case .file, .other:
            // Given directly: a file of unknown kind is tried as Rego, JSON, then YAML.
            try loadDataFile(path, id: info.id, prefix: prefix, direct: true)
        }
    }

    private mutating func walkData(_ folder: String, prefix: [String], ancestors: inout Set<FileIdentity>) throws(PolicyLoadError) {
        for name in try PolicyFileSystem.list(folder) where !name.hasPrefix(".") && !ignored.contains(where: { $0.matches(name) }) {
            let path = PolicyFileSystem.join(folder, name)
            let info = try PolicyFileSystem.info(path).get()
            switch info.kind {
            case .directory:
                // A link back to a folder being walked would walk forever.
                guard ancestors.insert(info.id).inserted else { continue }
                try walkData(path, prefix: prefix + [name], ancestors: &ancestors)
                ancestors.remove(info.id)
            case .file:
                try loadDataFile(path, id: info.id, prefix: prefix, direct: false)
            case .other:
                continue
            }
        }
    }

    private mutating func loadDataFile(_ path: String, id: FileIdentity, prefix: [String], direct: Bool) throws(PolicyLoadError) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let format = DataFileReader.format(ofName: name)
        let isRego = name.hasSuffix(".rego"), isBundle = name.hasSuffix(".tar.gz")
        // In a folder, files of other kinds are not policy files (OPA skips them).
        guard direct || isRego || isBundle || format != nil else { return }
        guard loaded.insert(id).inserted else { return }
        try countFile(path)
        let bytes = try PolicyFileSystem.read(path, limit: isBundle ? limits.maxCompressedBytes : limits.maxFileBytes)
        if isRego {
            modules.append(PolicySource(name: path, text: try text(bytes, path), bundlePath: Self.bundlePath(path)))
        } else if let format {
            try document.insert(try DataFileReader.parse(bytes, path: path, as: format), at: prefix, from: path)
        } else if isBundle {
            let contents = try BundleContents(source: path, members: try BundleArchive.members(bytes, name: path, limits: limits),
                                              memberName: { "\(path)#\($0)" })
            try add(contents, at: prefix, activate: false)
        } else if let module = String(validating: bytes, as: UTF8.self), (try? ModulePackage.path(of: module, file: path)) != nil {
            modules.append(PolicySource(name: path, text: module, bundlePath: Self.bundlePath(path)))
        } else {
            let value: Value
            do { value = try DataFileReader.parseByContent(bytes, path: path) } catch {
                throw PolicyLoadError(path, "can't recognize file type (not Rego, JSON or YAML)")
            }
            try document.insert(value, at: prefix, from: path)
        }
    }

    // MARK: bundle mode

    mutating func loadBundle(_ path: String) throws(PolicyLoadError) {
        let info = try PolicyFileSystem.info(path).get()
        let contents: BundleContents
        if info.kind == .directory {
            var members: [BundleMember] = []
            var ancestors: Set<FileIdentity> = [info.id]
            try collectMembers(path, at: [], into: &members, ancestors: &ancestors)
            let memberName = { (member: String) in PolicyFileSystem.join(path, member) }
            try BundleSignatureCheck.verify(members, source: path, memberName: memberName, policy: signatures)
            contents = try BundleContents(source: path, members: members, memberName: memberName)
        } else {
            try countFile(path)
            let bytes = try PolicyFileSystem.read(path, limit: limits.maxCompressedBytes)
            let members = try BundleArchive.members(bytes, name: path, limits: limits)
            let memberName = { (member: String) in "\(path)#\(member)" }
            try BundleSignatureCheck.verify(members, source: path, memberName: memberName, policy: signatures)
            contents = try BundleContents(source: path, members: members, memberName: memberName)
        }
        try add(contents, at: [], activate: true)
    }

    /// A bundle folder's files by path below it; hidden entries skipped but the root's
    /// `.manifest` (and `.signatures.json`); only the names a bundle reads are read —
    /// unless signatures are checked: then every file is read (hidden folders, such as a
    /// ConfigMap mount's `..data`, still skipped), since each must be signed.
    private mutating func collectMembers(_ folder: String, at path: [String], into members: inout [BundleMember],
                                         ancestors: inout Set<FileIdentity>) throws(PolicyLoadError) {
        let rootFiles = [".manifest", BundleSignatureCheck.fileName]
        for name in try PolicyFileSystem.list(folder) where !name.hasPrefix(".") || (path.isEmpty && rootFiles.contains(name)) || readsWholeBundles {
            let file = PolicyFileSystem.join(folder, name)
            let info = try PolicyFileSystem.info(file).get()
            switch info.kind {
            case .directory:
                guard !name.hasPrefix("."), ancestors.insert(info.id).inserted else { continue }
                try collectMembers(file, at: path + [name], into: &members, ancestors: &ancestors)
                ancestors.remove(info.id)
            case .file:
                guard Self.isBundleFileName(name) || readsWholeBundles else { continue }
                try countFile(file)
                members.append(BundleMember(path: path + [name], bytes: try PolicyFileSystem.read(file, limit: limits.maxFileBytes)))
            case .other:
                continue
            }
        }
    }

    /// The names BundleContents reads or refuses; other files of a bundle folder are
    /// not read at all.
    private static func isBundleFileName(_ name: String) -> Bool {
        name.hasSuffix(".rego") || ["data.json", "data.yaml", "data.yml", ".manifest", "patch.json", "policy.wasm", "plan.json"].contains(name)
    }

    // MARK: shared

    private mutating func add(_ contents: BundleContents, at prefix: [String], activate: Bool) throws(PolicyLoadError) {
        if activate { try checkRoots(of: contents) }
        modules += contents.modules
        if case .object(let o) = contents.data, !o.isEmpty {
            try document.insert(contents.data, at: prefix, from: contents.source)
        }
        bundles.append((contents.source, contents.manifest))
        if activate { activated.append((contents.source, contents.manifest)) }
    }

    private mutating func countFile(_ path: String) throws(PolicyLoadError) {
        files.append(path)
        guard files.count <= limits.maxFiles else {
            throw PolicyLoadError(path, "more than \(limits.maxFiles) policy and data files: refused")
        }
    }

    /// A loaded file's path inside a bundle built from it.
    private static func bundlePath(_ path: String) -> [String] {
        path.split(separator: "/").filter { $0 != "." && $0 != ".." }.map(String.init)
    }

    private func text(_ bytes: [UInt8], _ path: String) throws(PolicyLoadError) -> String {
        guard let s = String(validating: bytes, as: UTF8.self) else { throw PolicyLoadError(path, "not valid UTF-8") }
        return s
    }

    /// Bundles loaded together must not own overlapping roots (OPA refuses to activate
    /// them: one would silently shadow the other). Checked before the bundle's data is
    /// merged, so the overlap is what is reported.
    private func checkRoots(of contents: BundleContents) throws(PolicyLoadError) {
        for earlier in activated {
            for a in earlier.manifest.roots {
                for b in contents.manifest.roots where BundleManifest.overlap(a, b) {
                    throw PolicyLoadError(contents.source, "its root '\(b)' overlaps the root '\(a)' of the bundle \(earlier.source) "
                                          + "(detected overlapping roots in bundle manifest)")
                }
            }
        }
    }
}
