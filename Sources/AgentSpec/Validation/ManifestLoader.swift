// ManifestLoader: file or text -> YAML tree -> `Manifest`, with every diagnostic sorted
// by position. This is what `validate`, `audit`, `generate-policy` and the sidecar use.

/// The outcome of reading and validating one manifest.
public struct LoadedManifest: Sendable {
    public var file: String
    /// The decoded manifest; nil when a required part could not be decoded.
    public var manifest: Manifest?
    /// The YAML tree, for positions; nil when the YAML itself was unreadable.
    public var root: YAMLNode?
    public var diagnostics: [ManifestDiagnostic]

    /// No problems at all.
    public var isValid: Bool { manifest != nil && diagnostics.isEmpty }

    /// Good enough for an audit: only problems the audit reports itself remain.
    public var isAuditable: Bool {
        manifest != nil && diagnostics.allSatisfy { $0.code == .unknownSuppressionRule }
    }
}

/// Reads and validates manifests.
public enum ManifestLoader {
    /// Validates manifest text; `file` names it in diagnostics.
    public static func load(text: String, file: String) -> LoadedManifest {
        let root: YAMLNode
        do {
            root = try YAMLParser.parseDocument(text)
        } catch {
            let d = ManifestDiagnostic(file: file, path: "", position: error.position, message: error.message, code: .yaml)
            return LoadedManifest(file: file, manifest: nil, root: nil, diagnostics: [d])
        }
        let decoder = SchemaDecoder(file: file)
        let manifest = ManifestDecoder(d: decoder).decode(root)
        let sorted = decoder.diagnostics.enumerated().sorted {
            ($0.element.position, $0.offset) < ($1.element.position, $1.offset)
        }.map(\.element)
        return LoadedManifest(file: file, manifest: manifest, root: root, diagnostics: sorted)
    }

    /// Reads and validates a manifest file.
    public static func load(path: String) -> LoadedManifest {
        switch ManifestFile.read(path) {
        case .success(let text):
            return load(text: text, file: path)
        case .failure(let problem):
            let d = ManifestDiagnostic(file: path, path: "", position: SourcePosition(line: 1, column: 1),
                                       message: problem.description, code: .file)
            return LoadedManifest(file: path, manifest: nil, root: nil, diagnostics: [d])
        }
    }
}
