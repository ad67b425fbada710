// RegoType: the static types the type checker reasons with, OPA's type system: scalars,
// arrays with a typed prefix and a dynamic rest, objects with known keys and dynamic
// properties, sets, unions (`any<…>`, the empty union being `any`) and functions.
// Invariant: a type describes a set of values, `any` is all of them; "unknown" (OPA's
// nil type, printed `???`) is a missing type (`RegoType?` = nil), never a RegoType.
// Unions are kept sorted in OPA's type order, so equal unions compare equal.

/// A static type of a Rego expression.
package indirect enum RegoType: Sendable, Hashable {
    case null
    case boolean
    case number
    case string
    /// An array: the types of its first elements, then of any further ones (nil: no more).
    case array([RegoType], RegoType?)
    /// An object: properties under known keys (sorted by key), then any other keys.
    case object([ObjectProperty], DynamicProperty?)
    /// A set whose members have the given type.
    case set(RegoType)
    /// Any of the listed types (sorted, no duplicates); no types at all means `any`.
    case anyOf([RegoType])
    case function(FunctionType)

    package static let any = RegoType.anyOf([])
    package static let anyArray = RegoType.array(.any)
    package static let anySet = RegoType.set(.any)
    package static let anyObject = RegoType.object(key: .any, value: .any)

    /// An array of any length whose elements have type `element`.
    package static func array(_ element: RegoType) -> RegoType { .array([], element) }

    /// An object with only dynamic keys.
    package static func object(key: RegoType, value: RegoType) -> RegoType {
        .object([], DynamicProperty(key, value))
    }

    /// The union of `types` (OPA's NewAny: sorted, duplicates kept out).
    package static func union(_ types: [RegoType]) -> RegoType {
        types.reduce(RegoType?.none) { RegoType.or($0, $1) } ?? .any
    }

    var isAny: Bool { self == .any }
}

/// A property of an object type under a known key.
package struct ObjectProperty: Sendable, Hashable {
    package let key: Value
    package let type: RegoType

    package init(_ key: Value, _ type: RegoType) {
        self.key = key
        self.type = type
    }
}

/// The keys and values of an object type beyond its known keys.
package struct DynamicProperty: Sendable, Hashable {
    package let key: RegoType
    package let value: RegoType

    package init(_ key: RegoType, _ value: RegoType) {
        self.key = key
        self.value = value
    }
}

/// A function's declaration: named arguments and result (names only show in messages),
/// or any number of arguments of one type and no result (`print`).
package struct FunctionType: Sendable, Hashable {
    package let arguments: [RegoType]
    /// Argument names as OPA declares them ("" when it gives none, as for user functions).
    package let argumentNames: [String]
    package let result: RegoType?
    package let resultName: String
    package let variadic: RegoType?

    package init(_ arguments: [(String, RegoType)], _ result: (String, RegoType)?) {
        self.arguments = arguments.map(\.1)
        self.argumentNames = arguments.map(\.0)
        self.result = result?.1
        self.resultName = result?.0 ?? ""
        self.variadic = nil
    }

    package init(variadic: RegoType) {
        self.arguments = []
        self.argumentNames = []
        self.result = nil
        self.resultName = ""
        self.variadic = variadic
    }

    /// A user function's type: unnamed arguments (`any` where unknown).
    init(unnamed arguments: [RegoType?], result: RegoType?) {
        self.init(arguments.map { ("", $0 ?? .any) }, result.map { ("", $0) })
    }

    package var arity: Int { arguments.count }
}
