// PositionIndex: JSON pointer (`/spec/tools/0/name`) -> where that value starts in the
// file. Reports use it to attach line:col to a path; a pointer that does not exist
// falls back to its nearest existing ancestor.

/// Positions of every value of a YAML tree, by JSON pointer.
public struct PositionIndex: Sendable {
    private var positions: [String: SourcePosition] = [:]

    public init(_ root: YAMLNode) {
        add(root, pointer: "", depth: 0)
    }

    private mutating func add(_ node: YAMLNode, pointer: String, depth: Int) {
        positions[pointer] = node.position
        guard depth < YAMLParser.maxDepth else { return }
        switch node.content {
        case .scalar: break
        case .mapping(let pairs):
            for pair in pairs {
                add(pair.value, pointer: pointer + "/" + Self.escape(pair.key.scalar?.text ?? "?"), depth: depth + 1)
            }
        case .sequence(let items):
            for (i, item) in items.enumerated() { add(item, pointer: pointer + "/\(i)", depth: depth + 1) }
        }
    }

    /// RFC 6901 escaping of one pointer segment: `~` -> `~0`, `/` -> `~1` (also the
    /// pointers of a decision-log event's `erased` list).
    package static func escape(_ segment: String) -> String {
        guard segment.contains(where: { $0 == "~" || $0 == "/" }) else { return segment }
        var out = ""
        for c in segment {
            switch c {
            case "~": out += "~0"
            case "/": out += "~1"
            default: out.append(c)
            }
        }
        return out
    }

    /// The exact position of a pointer, if that value exists.
    public func exact(_ pointer: String) -> SourcePosition? { positions[pointer] }

    /// The position of a pointer or of its nearest existing ancestor.
    public func nearest(_ pointer: String) -> SourcePosition? {
        var p = Substring(pointer)
        while true {
            if let pos = positions[String(p)] { return pos }
            guard let slash = p.lastIndex(of: "/") else { return nil }
            p = p[..<slash]
        }
    }
}
