// ReferenceCollector: every `$env:`/`$secret:`/`$file:`/`$func:` reference in a manifest,
// with the manifest path and line:col of the field that holds it, in document order.
// Deployment generation uses it for the secret keys, `health` for what to resolve.
// Invariant: it reads the YAML tree only, so it sees references in every field,
// including sections the typed model ignores; malformed references are skipped
// (validation reports them).

/// A reference found in a manifest.
struct ReferenceUse: Sendable, Equatable {
    var reference: Reference
    /// The manifest path of the field, e.g. `spec.model.apiKey`.
    var path: String
    var position: SourcePosition

    /// The environment variable the reference reads, if it reads one: the variable of
    /// `$env:`, and `AGENTSPEC_SECRET_<NAME>` for `$secret:` (the default secret backend).
    var environmentVariable: String? {
        switch reference {
        case .env(let name): return name
        case .secret(let name): return ReferenceResolver.secretVariable(name)
        case .file, .function: return nil
        }
    }
}

/// Finds references in a manifest's YAML tree.
enum ReferenceCollector {
    static func collect(_ root: YAMLNode) -> [ReferenceUse] {
        var found: [ReferenceUse] = []
        walk(root, path: "", depth: 0, into: &found)
        return found
    }

    private static func walk(_ node: YAMLNode, path: String, depth: Int, into found: inout [ReferenceUse]) {
        guard depth < YAMLParser.maxDepth else { return }
        switch node.content {
        case .scalar(let s):
            guard s.text.hasPrefix("$"), case .string = s.value,
                  let parsed = try? RefOrLiteral.parse(s.text), let reference = parsed.reference else { return }
            found.append(ReferenceUse(reference: reference, path: path, position: node.position))
        case .mapping(let pairs):
            for pair in pairs {
                let key = pair.key.scalar?.text ?? "?"
                walk(pair.value, path: path.isEmpty ? key : path + "." + key, depth: depth + 1, into: &found)
            }
        case .sequence(let items):
            for (i, item) in items.enumerated() { walk(item, path: path + "[\(i)]", depth: depth + 1, into: &found) }
        }
    }

    /// The environment variables a manifest needs: those its references read plus
    /// `spec.requires.envVars`, sorted and without duplicates.
    static func environmentVariables(_ root: YAMLNode, manifest: Manifest) -> [String] {
        var names = Set(collect(root).compactMap(\.environmentVariable))
        names.formUnion(manifest.spec.requires?.envVars ?? [])
        return names.sorted()
    }
}
