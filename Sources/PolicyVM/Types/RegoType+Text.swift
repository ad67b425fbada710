// RegoType text: types written as OPA writes them in type errors — `number`,
// `array<number, string>`, `array[any]`, `object<a: number>[string: any]`, `set[any]`,
// `any<number, string>`, `(any) => number`; an unknown type is `???`. Invariant: the
// text is OPA's, character for character, so our messages match the engine's.

extension RegoType: CustomStringConvertible {
    package var description: String {
        switch self {
        case .null: return "null"
        case .boolean: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array(let prefix, let rest):
            var text = "array"
            if !prefix.isEmpty { text += "<" + prefix.map(\.description).joined(separator: ", ") + ">" }
            if let rest { text += "[\(rest)]" }
            return text
        case .object(let props, let dynamic):
            var text = "object"
            if !props.isEmpty {
                text += "<" + props.map { "\($0.key.regoTextUnquoted): \($0.type)" }.joined(separator: ", ") + ">"
            }
            if let dynamic { text += "[\(dynamic.key): \(dynamic.value)]" }
            return text
        case .set(let of): return "set[\(of)]"
        case .anyOf(let ts): return ts.isEmpty ? "any" : "any<" + ts.map(\.description).joined(separator: ", ") + ">"
        case .function(let f): return "\(f.argumentList(named: false)) => \(Self.text(f.result))"
        }
    }

    /// A possibly unknown type: OPA writes an unknown one as `???`.
    static func text(_ t: RegoType?) -> String { t?.description ?? "???" }

    /// `(number, ???)`: the types of a call's operands.
    static func list(_ types: [RegoType?]) -> String {
        "(" + types.map(text).joined(separator: ", ") + ")"
    }
}

extension FunctionType {
    /// `(collection: any<…>, n: number)`: the arguments (and with `result`, the result
    /// too) as a type error's `want:` line writes them; `named` adds OPA's names.
    func argumentList(named: Bool, result withResult: Bool = false) -> String {
        var parts: [String] = []
        for (name, type) in zip(argumentNames, arguments) {
            parts.append(named && !name.isEmpty ? "\(name): \(type)" : type.description)
        }
        if withResult, let result {
            parts.append(named && !resultName.isEmpty ? "\(resultName): \(result)" : result.description)
        }
        if let variadic { parts.append("\(variadic)...") }
        return "(" + parts.joined(separator: ", ") + ")"
    }
}
