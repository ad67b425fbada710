// ManifestDiagnostic: one problem found in a manifest, with the file, the line:col,
// the manifest path (`spec.tools[0].name`) and a message saying what was expected.

/// A problem in a manifest.
public struct ManifestDiagnostic: Sendable, Equatable, CustomStringConvertible {
    /// Which stage found it.
    public enum Code: String, Sendable {
        /// The file itself could not be read (missing, a folder, empty, not UTF-8).
        case file
        /// The file is not readable YAML (or uses a feature the reader refuses).
        case yaml
        /// A field breaks the schema.
        case schema
        /// Fields are each fine but do not fit together.
        case crossField
        /// A suppression names a rule the audit does not know (the audit reports it too).
        case unknownSuppressionRule
    }

    public var file: String
    /// Manifest path such as `spec.tools[0].name`; empty for YAML errors.
    public var path: String
    public var position: SourcePosition
    public var message: String
    public var code: Code

    public init(file: String, path: String, position: SourcePosition, message: String, code: Code) {
        self.file = file
        self.path = path
        self.position = position
        self.message = message
        self.code = code
    }

    /// `agent.yaml:12:5: spec.tools[0].name: must match …`; `agent.yaml: cannot open …`
    /// for a file that could not be read (no position to point at).
    public var description: String {
        if code == .file { return "\(file): \(message)" }
        let location = "\(file):\(position.line):\(position.column)"
        return path.isEmpty ? "\(location): \(message)" : "\(location): \(path): \(message)"
    }
}
