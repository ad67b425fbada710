// BundleBuilder: an OPA bundle (`.tar.gz`) from loaded policies, as `opa build` writes
// one: each module at its path, each data file's value as a `data.json` at its folder's
// path (YAML becomes JSON; data placed at one path is merged into one file), and a
// `.manifest` with the revision and the roots. The roots are computed — every module's
// package and every data path, minus those another contains — so a bundle claims only
// what it defines and can be loaded beside others. Invariant: reading the bundle back
// (PolicyFileLoader, or OPA) gives the same modules and the same data. With a signing
// configuration the bundle also carries `.signatures.json` over all of its files, as
// `opa build --signing-key` writes it.
import PolicyVM

public enum BundleBuilder {
    /// The bundle's bytes and the manifest written into it.
    public static func build(_ loaded: LoadedPolicy, revision: String,
                             signing: BundleSigningConfig? = nil) throws(PolicyLoadError) -> (bytes: [UInt8], manifest: BundleManifest) {
        var members: [BundleMember] = []
        var taken: [[String]: String] = [:]
        for source in loaded.sources {
            var path = source.bundlePath
            if path.last.map({ !$0.hasSuffix(".rego") }) ?? true { path.append("policy.rego") }
            if let other = taken[path] {
                throw PolicyLoadError(source.name, "would be written at /\(path.joined(separator: "/")) in the bundle, as \(other) is")
            }
            taken[path] = source.name
            members.append(BundleMember(path: path, bytes: Array(source.text.utf8)))
        }
        // One data.json per path, in the order paths were first met. Below the root a
        // value may be anything (a list at names/data.json is data.names); several at one
        // path were objects, or the loader would have refused them, and merge.
        var order: [[String]] = []
        var byPath: [[String]: Value] = [:]
        for placement in loaded.dataPlacements {
            guard let existing = byPath[placement.path] else {
                order.append(placement.path)
                byPath[placement.path] = placement.value
                continue
            }
            var merged = DataDocument()
            let file = "/" + (placement.path + ["data.json"]).joined(separator: "/")
            try merged.insert(existing, at: [], from: file)
            try merged.insert(placement.value, at: [], from: file)
            byPath[placement.path] = merged.value
        }
        for path in order {
            members.append(BundleMember(path: path + ["data.json"], bytes: Array(JSONWriter.write(byPath[path]!).utf8)))
        }
        let manifest = BundleManifest(revision: revision, roots: roots(loaded))
        members.append(BundleMember(path: [".manifest"], bytes: manifest.encoded()))
        if let signing { members.append(try BundleSigner.signatures(for: members, config: signing, source: "bundle")) }
        return (BundleArchive.encode(members), manifest)
    }

    /// Package paths and data paths (a top-level key for data at the root), minus any
    /// another one contains, sorted; `[""]` (everything) when there is neither.
    static func roots(_ loaded: LoadedPolicy) -> [String] {
        var candidates: Set<String> = []
        for source in loaded.sources {
            if let package = try? ModulePackage.path(of: source.text, file: source.name) {
                candidates.insert(package.joined(separator: "/"))
            }
        }
        for placement in loaded.dataPlacements {
            if placement.path.isEmpty {
                guard case .object(let top) = placement.value else { continue }
                for (key, _) in top { if case .string(let k) = key { candidates.insert(k) } }
            } else {
                candidates.insert(placement.path.joined(separator: "/"))
            }
        }
        let kept = candidates.filter { c in !candidates.contains { $0 != c && BundleManifest.root($0, contains: c) } }
        return kept.isEmpty ? [""] : kept.sorted()
    }
}
