// YAMLEmitter: writes a `YAMLTree` as block-style YAML, two-space indented, sequences
// indented under their key. Strings are plain only when no YAML reader could take them
// for anything but that string; otherwise double-quoted with escapes, and multi-line
// text becomes a literal block (`|`, `|-`, `|+`) when that keeps it byte-exact.
// Invariant: parsing the output (YAML 1.1 or 1.2) gives back the tree's values.

/// Renders `YAMLTree`s to text.
struct YAMLEmitter: Sendable {
    /// Plain YAML, or a Helm template.
    enum Mode: Sendable { case plain, helm }

    var mode: Mode
    private var lines: [String] = []

    init(mode: Mode = .plain) { self.mode = mode }

    /// A whole document (normally a mapping), ending with a newline.
    static func render(_ tree: YAMLTree, mode: Mode = .plain) -> String {
        var e = YAMLEmitter(mode: mode)
        e.emitTop(tree)
        return e.lines.joined(separator: "\n") + "\n"
    }

    private mutating func emitTop(_ tree: YAMLTree) {
        switch resolved(tree) {
        case .mapping(let entries) where !entries.isEmpty: emitEntries(entries, indent: 0)
        case .sequence(let items) where !items.isEmpty: emitItems(items, indent: 0)
        case let other: lines.append(inline(other) ?? "{}")
        }
    }

    /// Unwraps hooks that plain mode renders as their default.
    private func resolved(_ tree: YAMLTree) -> YAMLTree {
        guard mode == .plain else { return tree }
        switch tree {
        case .helmValue(let v, _), .helmBlock(let v, _): return resolved(v)
        case .helmFile(let text, _): return .string(text)
        default: return tree
        }
    }

    private mutating func emitEntries(_ entries: [YAMLEntry], indent: Int) {
        let pad = String(repeating: " ", count: indent)
        for entry in entries {
            if case .helmIf(let isIncluded, let condition, let inner) = entry.value {
                if mode == .plain {
                    if isIncluded { emitEntries([YAMLEntry(entry.key, inner)], indent: indent) }
                } else {
                    lines.append(pad + "{{- if \(condition) }}")
                    emitEntries([YAMLEntry(entry.key, inner)], indent: indent)
                    lines.append(pad + "{{- end }}")
                }
                continue
            }
            emitValue(prefix: pad + YAMLScalarText.key(entry.key) + ":", entry.value, childIndent: indent + 2)
        }
    }

    private mutating func emitItems(_ items: [YAMLTree], indent: Int) {
        let pad = String(repeating: " ", count: indent)
        for item in items {
            if case .helmIf(let isIncluded, let condition, let inner) = item {
                if mode == .plain {
                    if isIncluded { emitItems([inner], indent: indent) }
                } else {
                    lines.append(pad + "{{- if \(condition) }}")
                    emitItems([inner], indent: indent)
                    lines.append(pad + "{{- end }}")
                }
                continue
            }
            if case .mapping(let entries) = resolved(item), !entries.isEmpty {
                // `- first: …` with the other entries aligned under `first`.
                var nested = YAMLEmitter(mode: mode)
                nested.emitEntries(entries, indent: indent + 2)
                let childPad = String(repeating: " ", count: indent + 2)
                if let first = nested.lines.first, first.hasPrefix(childPad), !first.dropFirst(indent + 2).hasPrefix("{{") {
                    lines.append(pad + "- " + first.dropFirst(indent + 2))
                    lines.append(contentsOf: nested.lines.dropFirst())
                } else {
                    lines.append(pad + "-")
                    lines.append(contentsOf: nested.lines)
                }
                continue
            }
            emitValue(prefix: pad + "-", item, childIndent: indent + 2)
        }
    }

    /// Writes `prefix` (`key:` or `-`) followed by the value, inline or as a block below.
    private mutating func emitValue(prefix: String, _ value: YAMLTree, childIndent: Int) {
        if mode == .helm {
            switch value {
            case .helmValue(_, let template):
                lines.append(prefix + " " + template)
                return
            case .helmBlock(_, let path):
                lines.append(prefix + " {{- toYaml \(path) | nindent \(childIndent) }}")
                return
            case .helmFile(_, let chartPath):
                lines.append(prefix + " {{ .Files.Get \(YAMLScalarText.doubleQuoted(chartPath)) | toJson }}")
                return
            default: break
            }
        }
        let value = resolved(value)
        switch value {
        case .mapping(let entries) where !entries.isEmpty:
            lines.append(prefix)
            emitEntries(entries, indent: childIndent)
        case .sequence(let items) where !items.isEmpty:
            lines.append(prefix)
            emitItems(items, indent: childIndent)
        case .string(let s) where YAMLScalarText.literalBlockIndicator(s) != nil:
            lines.append(prefix + " " + (YAMLScalarText.literalBlockIndicator(s) ?? "|"))
            let pad = String(repeating: " ", count: childIndent)
            var body = s
            while body.hasSuffix("\n") { body.removeLast() }
            for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
                lines.append(line.isEmpty ? "" : pad + line)
            }
            // `|+` keeps trailing line breaks: one empty line per extra newline.
            let trailing = s.reversed().prefix { $0 == "\n" }.count
            if trailing > 1 { lines.append(contentsOf: repeatElement("", count: trailing - 1)) }
        default:
            lines.append(prefix + " " + (inline(value) ?? "null"))
        }
    }

    /// The one-line form of a scalar or an empty collection.
    private func inline(_ value: YAMLTree) -> String? {
        switch value {
        case .string(let s): return YAMLScalarText.scalar(s)
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .mapping: return "{}"
        case .sequence: return "[]"
        default: return nil
        }
    }
}
