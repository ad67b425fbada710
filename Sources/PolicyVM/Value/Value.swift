// Value: every document Rego computes with (input, data, rule results). A value is
// never "undefined": undefined is the absence of a value (`Value?` is nil, or an
// expression with no solution), and is kept apart from `false` and from errors.

/// A Rego value. Objects may have keys of any kind; sets hold distinct values.
public enum Value: Sendable {
    case null
    case bool(Bool)
    case number(Number)
    case string(String)
    case array([Value])
    case object(RegoObject)
    case set(Set<Value>)

    /// The empty object, array and set, shared.
    public static let emptyObject = Value.object(RegoObject())
    public static let emptyArray = Value.array([])
    public static let emptySet = Value.set([])
    public static let `true` = Value.bool(true)
    public static let `false` = Value.bool(false)

    /// An object from a dictionary (building a `RegoObject` directly avoids the copy).
    public static func object(_ dictionary: [Value: Value]) -> Value { .object(RegoObject(dictionary)) }

    @inlinable public static func int(_ i: Int) -> Value { .number(.int(Int64(i))) }
    /// A number from a Swift double, spelled as Go's JSON encoder writes it (`Number.init(_: Double)`).
    public static func double(_ d: Double) -> Value { .number(Number(d)) }

    /// OPA's type name for the value, as `type_name` and error messages spell it.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        case .set: return "set"
        }
    }

    /// The rank of the value's kind in Rego's total order across kinds.
    @inlinable var kindRank: Int {
        switch self {
        case .null: return 0
        case .bool: return 1
        case .number: return 2
        case .string: return 3
        case .array: return 4
        case .object: return 5
        case .set: return 6
        }
    }

    /// Whether this value is the boolean `true`.
    @inlinable public var isTrue: Bool {
        if case .bool(true) = self { return true }
        return false
    }

    /// Whether this value is null, a boolean, a number or a string.
    var isScalar: Bool {
        switch self {
        case .null, .bool, .number, .string: return true
        default: return false
        }
    }

    @inlinable public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    @inlinable public var numberValue: Number? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// Looks up one step of a reference: an object key, an array index (an integral
    /// number in range) or a set member (which yields the member itself).
    @inlinable public func lookup(_ key: Value) -> Value? {
        switch self {
        case .object(let o):
            return o[key]
        case .array(let a):
            guard case .number(let n) = key, let i = n.exactInt, i >= 0, i < a.count else { return nil }
            return a[Int(i)]
        case .set(let s):
            return s.contains(key) ? key : nil
        default:
            return nil
        }
    }

    /// `lookup` of a key kept alive by the caller (a compiled constant) whose hash under
    /// `RegoObject.seed` is known: objects skip hashing and, mostly, comparing.
    @inlinable func lookup(keyAt key: UnsafePointer<Value>, hash: UInt64) -> Value? {
        if case .object(let o) = self { return o.lookup(keyAt: key, hash: hash) }
        return lookup(key.pointee)
    }

    /// Looks up a string key of an object: the fast path for `input.a.b`.
    @inlinable public func field(_ name: String) -> Value? {
        if case .object(let o) = self { return o[.string(name)] }
        return nil
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(.int(Int64(value))) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: Value...) { self = .array(elements) }
    public init(floatLiteral value: Double) { self = .number(Number(value)) }
}

extension Value: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, Value)...) {
        var o = RegoObject(minimumCapacity: elements.count)
        for (k, v) in elements { o[.string(k)] = v }
        self = .object(o)
    }
}
