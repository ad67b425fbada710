// SchemaDecoder: typed reading of YAML nodes against a closed schema. Every problem is
// recorded (never thrown), so one pass reports all of them; a field that fails reads
// as nil and decoding goes on.

/// Collects diagnostics while a manifest is decoded.
final class SchemaDecoder {
    let file: String
    private(set) var diagnostics: [ManifestDiagnostic] = []

    init(file: String) { self.file = file }

    func report(_ path: String, at position: SourcePosition, _ message: String,
                code: ManifestDiagnostic.Code = .schema) {
        diagnostics.append(ManifestDiagnostic(file: file, path: path, position: position, message: message, code: code))
    }

    /// Opens a mapping with the given allowed keys; unknown keys are reported with a suggestion.
    func fields(_ node: YAMLNode, path: String, keyPosition: SourcePosition, allowed: [String]) -> Fields? {
        guard let pairs = node.pairs else {
            report(path, at: node.position, "must be a mapping, got \(describe(node))")
            return nil
        }
        for pair in pairs {
            let key = pair.key.scalar?.text ?? "?"
            if !allowed.contains(key) {
                let keyPath = path.isEmpty ? key : "\(path).\(key)"
                let hint = Suggestion.hint(for: key, in: allowed)
                let message = hint.isEmpty ? "unknown field; expected one of \(allowed.joined(separator: ", "))" : "unknown field\(hint)"
                report(keyPath, at: pair.key.position, message)
            }
        }
        return Fields(node: node, path: path, keyPosition: keyPosition, decoder: self)
    }

    /// `string "x"`, `number 3`, `mapping`, … for messages.
    func describe(_ node: YAMLNode) -> String {
        guard let s = node.scalar else { return node.kindName }
        switch s.value {
        case .null: return "null"
        case .bool(let b): return "boolean \(b)"
        case .int, .double: return "number \(s.text)"
        case .string(let t): return "string \"\(t)\""
        }
    }
}

/// A mapping being decoded: its node, its manifest path, and where to point when a
/// required field is missing (the mapping's own key).
struct Fields {
    let node: YAMLNode
    let path: String
    let keyPosition: SourcePosition
    let decoder: SchemaDecoder

    func path(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value of `key`, reporting it when required and absent.
    func node(_ key: String, required: Bool = false) -> YAMLNode? {
        if let v = node[key] { return v }
        if required { decoder.report(path(key), at: keyPosition, "required field is missing") }
        return nil
    }

    func keyPosition(of key: String) -> SourcePosition {
        node.pairs?.first { $0.key.scalar?.text == key }?.key.position ?? keyPosition
    }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let v = node(key, required: required) else { return nil }
        return Self.string(v, path: path(key), decoder: decoder)
    }

    static func string(_ v: YAMLNode, path: String, decoder: SchemaDecoder) -> String? {
        if let s = v.scalar, case .string(let t) = s.value { return t }
        decoder.report(path, at: v.position, "must be a string, got \(decoder.describe(v))")
        return nil
    }

    /// A string that must match a pattern (`matches` decides, `pattern` is shown).
    func string(_ key: String, required: Bool = false, pattern: String, matches: (String) -> Bool) -> String? {
        guard let s = string(key, required: required) else { return nil }
        guard matches(s) else {
            decoder.report(path(key), at: node[key]?.position ?? keyPosition, "must match \(pattern), got \"\(s)\"")
            return nil
        }
        return s
    }

    func bool(_ key: String) -> Bool? {
        guard let v = node(key) else { return nil }
        if let s = v.scalar, case .bool(let b) = s.value { return b }
        decoder.report(path(key), at: v.position, "must be true or false, got \(decoder.describe(v))")
        return nil
    }

    /// A number within `range`; `exclusiveMinimum` makes the lower bound strict.
    func number(_ key: String, required: Bool = false, in range: ClosedRange<Double>? = nil,
                exclusiveMinimum: Double? = nil) -> Double? {
        guard let v = node(key, required: required) else { return nil }
        return Self.number(v, path: path(key), decoder: decoder, in: range, exclusiveMinimum: exclusiveMinimum)
    }

    static func number(_ v: YAMLNode, path: String, decoder: SchemaDecoder, in range: ClosedRange<Double>? = nil,
                       exclusiveMinimum: Double? = nil) -> Double? {
        let d: Double
        switch v.scalar?.value {
        case .int(let i)?: d = Double(i)
        case .double(let x)? where x.isFinite: d = x
        default:
            decoder.report(path, at: v.position, "must be a number, got \(decoder.describe(v))")
            return nil
        }
        if let range, !range.contains(d) {
            decoder.report(path, at: v.position, "must be between \(format(range.lowerBound)) and \(format(range.upperBound)), got \(v.scalar?.text ?? "")")
            return nil
        }
        if let m = exclusiveMinimum, d <= m {
            decoder.report(path, at: v.position, "must be greater than \(format(m)), got \(v.scalar?.text ?? "")")
            return nil
        }
        return d
    }

    func int(_ key: String, required: Bool = false, min: Int? = nil, max: Int? = nil) -> Int? {
        guard let v = node(key, required: required) else { return nil }
        let i: Int
        switch v.scalar?.value {
        case .int(let x)?: i = Int(x)
        case .double(let x)? where x.isFinite && x.rounded() == x && abs(x) < 1e15: i = Int(x)
        case .double?:
            decoder.report(path(key), at: v.position, "must be an integer, got \(v.scalar?.text ?? "")")
            return nil
        default:
            decoder.report(path(key), at: v.position, "must be an integer, got \(decoder.describe(v))")
            return nil
        }
        if let min, let max, !(min...max).contains(i) {
            decoder.report(path(key), at: v.position, "must be between \(min) and \(max), got \(i)")
            return nil
        }
        if let min, i < min {
            decoder.report(path(key), at: v.position, "must be at least \(min), got \(i)")
            return nil
        }
        return i
    }

    func enumValue<E: RawRepresentable & CaseIterable>(_ key: String, required: Bool = false, as type: E.Type = E.self) -> E? where E.RawValue == String {
        guard let v = node(key, required: required) else { return nil }
        return Self.enumValue(v, path: path(key), decoder: decoder)
    }

    static func enumValue<E: RawRepresentable & CaseIterable>(_ v: YAMLNode, path: String, decoder: SchemaDecoder,
                                                              allowed: [E]? = nil) -> E? where E.RawValue == String {
        let names = (allowed ?? Array(E.allCases)).map(\.rawValue)
        guard let s = v.scalar, case .string(let t) = s.value else {
            decoder.report(path, at: v.position, "must be one of \(names.joined(separator: ", ")), got \(decoder.describe(v))")
            return nil
        }
        guard names.contains(t), let e = E(rawValue: t) else {
            decoder.report(path, at: v.position, "must be one of \(names.joined(separator: ", ")), got \"\(t)\"\(Suggestion.hint(for: t, in: names))")
            return nil
        }
        return e
    }

    /// A literal or a `$kind:` reference (syntax checked here, resolved later).
    func ref(_ key: String, required: Bool = false, isURL: Bool = false) -> RefOrLiteral? {
        guard let v = node(key, required: required) else { return nil }
        return Self.ref(v, path: path(key), decoder: decoder, isURL: isURL)
    }

    static func ref(_ v: YAMLNode, path: String, decoder: SchemaDecoder, isURL: Bool = false) -> RefOrLiteral? {
        guard let text = string(v, path: path, decoder: decoder) else { return nil }
        do {
            let value = try RefOrLiteral.parse(text)
            if isURL, case .literal(let s) = value, !Patterns.isURL(s) {
                decoder.report(path, at: v.position, "must be a URL (scheme://host…) or a reference, got \"\(s)\"")
                return nil
            }
            return value
        } catch {
            decoder.report(path, at: v.position, error.message)
            return nil
        }
    }

    /// A sequence whose items are decoded by `item` (failed items are dropped).
    func list<T>(_ key: String, required: Bool = false, _ item: (YAMLNode, String) -> T?) -> [T]? {
        guard let v = node(key, required: required) else { return nil }
        guard let items = v.items else {
            decoder.report(path(key), at: v.position, "must be a list, got \(decoder.describe(v))")
            return nil
        }
        return items.enumerated().compactMap { item($0.element, "\(path(key))[\($0.offset)]") }
    }

    func stringList(_ key: String) -> [String]? {
        list(key) { Self.string($0, path: $1, decoder: decoder) }
    }

    func enumList<E: RawRepresentable & CaseIterable>(_ key: String, as type: E.Type = E.self, allowed: [E]? = nil) -> [E]? where E.RawValue == String {
        list(key) { Self.enumValue($0, path: $1, decoder: decoder, allowed: allowed) }
    }

    /// A nested closed mapping decoded by `body`.
    func object<T>(_ key: String, required: Bool = false, allowed: [String], _ body: (Fields) -> T?) -> T? {
        guard let v = node(key, required: required) else { return nil }
        guard let f = decoder.fields(v, path: path(key), keyPosition: keyPosition(of: key), allowed: allowed) else { return nil }
        return body(f)
    }

    /// A list of closed mappings, each decoded by `body`.
    func objectList<T>(_ key: String, required: Bool = false, allowed: [String], _ body: (Fields, Int) -> T?) -> [T]? {
        var index = 0
        return list(key, required: required) { item, itemPath in
            defer { index += 1 }
            guard let f = decoder.fields(item, path: itemPath, keyPosition: item.position, allowed: allowed) else { return nil }
            return body(f, index)
        }
    }

    /// Reports the second and later uses of a name in a list (`what` names the list's items).
    func checkUnique(_ key: String, nameKey: String, what: String) {
        guard let items = node[key]?.items else { return }
        var seen: [String: Int] = [:]
        for (i, item) in items.enumerated() {
            guard let nameNode = item[nameKey], let name = nameNode.scalar?.text else { continue }
            if let first = seen[name] {
                decoder.report("\(path(key))[\(i)].\(nameKey)", at: nameNode.position,
                               "duplicate \(what) name \"\(name)\" (first declared at \(path(key))[\(first)])", code: .crossField)
            } else {
                seen[name] = i
            }
        }
    }

    static func format(_ d: Double) -> String {
        d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
    }
}
