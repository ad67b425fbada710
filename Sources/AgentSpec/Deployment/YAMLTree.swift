// YAMLTree: a YAML document to write (Kubernetes objects, values.yaml, compose files),
// with the few hooks a Helm chart needs. One tree renders two ways: plainly (the k8s
// files) or as a Helm template whose default render means the same document.
// Invariant: in plain mode every hook renders exactly its default, so the plain
// rendering of a tree *is* what Helm renders with the chart's default values.

/// A YAML value to emit, possibly carrying a Helm hook.
indirect enum YAMLTree: Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    /// Entries in the order they are written.
    case mapping([YAMLEntry])
    case sequence([YAMLTree])
    /// A scalar that Helm takes from its values: plain mode writes `value`, Helm mode
    /// writes `template` verbatim (e.g. `{{ .Values.replicaCount }}`).
    case helmValue(YAMLTree, template: String)
    /// A subtree that Helm copies from its values with `toYaml`: plain mode writes
    /// `value`, Helm mode `{{- toYaml <valuesPath> | nindent N }}`.
    case helmBlock(YAMLTree, valuesPath: String)
    /// A mapping entry or sequence item present only when a Helm condition holds;
    /// plain mode writes it when `isIncluded` (the condition's default).
    case helmIf(isIncluded: Bool, condition: String, YAMLTree)
    /// The text of a file shipped in the chart: plain mode writes the text, Helm mode
    /// `{{ .Files.Get "<chartPath>" | toJson }}` (JSON strings are YAML strings).
    case helmFile(String, chartPath: String)

    /// A mapping from key/value pairs (the common case).
    static func map(_ pairs: KeyValuePairs<String, YAMLTree>) -> YAMLTree {
        .mapping(pairs.map { YAMLEntry($0.key, $0.value) })
    }
}

/// One `key: value` of a mapping to write.
struct YAMLEntry: Sendable {
    var key: String
    var value: YAMLTree

    init(_ key: String, _ value: YAMLTree) {
        self.key = key
        self.value = value
    }
}

extension YAMLTree: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
}
