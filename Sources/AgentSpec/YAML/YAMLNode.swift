// YAMLNode: the tree the reader produces. Every node keeps its source position;
// mappings keep their keys in document order; scalars keep their text and style so
// that typing (YAML 1.2 core schema) is decided by the consumer, not guessed early.

/// How a scalar was written.
public enum ScalarStyle: Sendable, Equatable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

/// A scalar's value under the YAML 1.2 core schema.
public enum YAMLScalarValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
}

/// A scalar: its text after unescaping and folding, and its style.
public struct YAMLScalar: Sendable, Equatable {
    public var text: String
    public var style: ScalarStyle

    public init(text: String, style: ScalarStyle) {
        self.text = text
        self.style = style
    }

    /// The typed value: only plain scalars are resolved; quoted and block scalars are strings.
    public var value: YAMLScalarValue {
        style == .plain ? CoreSchema.resolve(text) : .string(text)
    }
}

/// One `key: value` entry of a mapping.
public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode
}

/// A node of a YAML document with its position.
public struct YAMLNode: Sendable {
    /// What the node holds.
    public enum Content: Sendable {
        case scalar(YAMLScalar)
        case mapping([YAMLPair])
        case sequence([YAMLNode])
    }

    public var content: Content
    public var position: SourcePosition
    /// Number of nodes in this subtree (itself included); bounds alias expansion.
    public let size: Int

    public init(_ content: Content, at position: SourcePosition) {
        self.content = content
        self.position = position
        switch content {
        case .scalar: size = 1
        case .mapping(let pairs): size = pairs.reduce(1) { $0 + $1.key.size + $1.value.size }
        case .sequence(let items): size = items.reduce(1) { $0 + $1.size }
        }
    }

    /// A plain empty scalar (`key:` with no value), which is null.
    static func null(at position: SourcePosition) -> YAMLNode {
        YAMLNode(.scalar(YAMLScalar(text: "", style: .plain)), at: position)
    }

    public var scalar: YAMLScalar? {
        if case .scalar(let s) = content { return s }
        return nil
    }

    public var pairs: [YAMLPair]? {
        if case .mapping(let p) = content { return p }
        return nil
    }

    public var items: [YAMLNode]? {
        if case .sequence(let i) = content { return i }
        return nil
    }

    /// True for a null scalar (`~`, `null`, or nothing).
    public var isNull: Bool {
        if let s = scalar, s.value == .null { return true }
        return false
    }

    /// The value for a scalar key in a mapping, in document order.
    public subscript(key: String) -> YAMLNode? {
        pairs?.first { $0.key.scalar?.text == key }?.value
    }

    /// A word for error messages: "mapping", "sequence", "string", "number", …
    public var kindName: String {
        switch content {
        case .mapping: return "mapping"
        case .sequence: return "sequence"
        case .scalar(let s):
            switch s.value {
            case .null: return "null"
            case .bool: return "boolean"
            case .int, .double: return "number"
            case .string: return "string"
            }
        }
    }
}
