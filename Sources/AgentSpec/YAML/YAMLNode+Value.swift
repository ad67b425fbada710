// YAMLNode+Value: converts a YAML tree to a PolicyVM `Value` (JSON's data model) under
// the core schema. Mapping keys become strings (their scalar text); a key that is a
// collection cannot be represented and is reported instead of being guessed.

import PolicyVM

extension YAMLNode {
    /// The JSON value of the node; nil when a key is not a scalar.
    public var jsonValue: Value? {
        switch content {
        case .scalar(let s):
            switch s.value {
            case .null: return .null
            case .bool(let b): return .bool(b)
            case .int(let i): return .number(.int(i))
            case .double(let d): return .number(Number(d))
            case .string(let t): return .string(t)
            }
        case .sequence(let items):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for item in items {
                guard let v = item.jsonValue else { return nil }
                out.append(v)
            }
            return .array(out)
        case .mapping(let pairs):
            var out: RegoObject = [:]
            for pair in pairs {
                guard let key = pair.key.scalar, let v = pair.value.jsonValue else { return nil }
                out[.string(key.value == .null ? "" : key.text)] = v
            }
            return .object(out)
        }
    }
}
