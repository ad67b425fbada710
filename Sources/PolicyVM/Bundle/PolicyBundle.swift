// PolicyBundle: Rego modules and base data ready to compile together. Reading them from
// files, folders and OPA bundles is AgentSpec's PolicyFileLoader (it also reads YAML
// and gzip, which PolicyVM does not know).

/// Modules and data ready to compile.
public struct PolicyBundle: Sendable {
    public var modules: [(name: String, text: String)] = []
    public var data: Value = .emptyObject

    public init(modules: [(name: String, text: String)] = [], data: Value = .emptyObject) {
        self.modules = modules
        self.data = data
    }

    /// Places `value` at `path` in `document`, merging objects key by key; where both
    /// sides hold a non-object, `value` wins (an overlay: use PolicyFileLoader's merge
    /// where two sources must not overlap).
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
