// RegoType: the static types the type checker reasons with, a small version of OPA's.
// Invariant: a type describes a set of values, `any` is all of them, and the checker
// only reports an error when two types can share no value at all, never on a guess.

/// A static type of a Rego expression.
public indirect enum RegoType: Sendable, Hashable, CustomStringConvertible {
    case any
    case null
    case boolean
    case number
    case string
    /// An array whose elements have the given type.
    case array(RegoType)
    /// A set whose members have the given type.
    case set(RegoType)
    /// An object with keys and values of the given types.
    case object(key: RegoType, value: RegoType)
    /// Any of the listed types.
    case union([RegoType])

    public static let anyArray = RegoType.array(.any)
    public static let anySet = RegoType.set(.any)
    public static let anyObject = RegoType.object(key: .any, value: .any)
    /// Arrays, sets and objects: what can be iterated.
    public static let anyCollection = RegoType.union([.anyArray, .anySet, .anyObject])

    /// Whether some value could have both types. Used to reject arguments that can
    /// never be valid (`lower(1)`), while accepting anything that might be.
    public func overlaps(_ other: RegoType) -> Bool {
        switch (self, other) {
        case (.any, _), (_, .any): return true
        case (.union(let ts), _): return ts.contains { $0.overlaps(other) }
        case (_, .union(let ts)): return ts.contains { self.overlaps($0) }
        case (.null, .null), (.boolean, .boolean), (.number, .number), (.string, .string): return true
        // Empty arrays, sets and objects belong to every element type, so only the
        // kind of collection matters.
        case (.array, .array), (.set, .set), (.object, .object): return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .any: return "any"
        case .null: return "null"
        case .boolean: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array(let e): return "array[\(e)]"
        case .set(let e): return "set[\(e)]"
        case .object(let k, let v): return "object[\(k): \(v)]"
        case .union(let ts): return "any<" + ts.map(\.description).joined(separator: ", ") + ">"
        }
    }

    /// The type of a known value.
    public static func of(_ value: Value) -> RegoType {
        switch value {
        case .null: return .null
        case .bool: return .boolean
        case .number: return .number
        case .string: return .string
        case .array(let a): return .array(joinAll(a.map(of)))
        case .set(let s): return .set(joinAll(s.map(of)))
        case .object: return .anyObject
        }
    }

    /// The least type covering all `types` (`any` when they are mixed).
    public static func joinAll(_ types: [RegoType]) -> RegoType {
        guard let first = types.first else { return .any }
        return types.dropFirst().allSatisfy { $0 == first } ? first : .any
    }
}

/// A builtin's static signature: argument types and result type.
public struct BuiltinSignature: Sendable {
    public let arguments: [RegoType]
    public let result: RegoType
    /// When true, any number of arguments of the last type are accepted (`print`).
    public let isVariadic: Bool

    public init(_ arguments: [RegoType], _ result: RegoType, isVariadic: Bool = false) {
        self.arguments = arguments
        self.result = result
        self.isVariadic = isVariadic
    }
}
