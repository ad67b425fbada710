// HTTPHeaders: an ordered list of header fields with case-insensitive lookup.
// Invariant: order and repeats are kept exactly as received or added, because a proxy
// must forward what it was given and some fields (Set-Cookie) cannot be merged.

/// One header field line: a name (a token) and a value (already trimmed of OWS).
public struct HTTPField: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// An ordered, repeatable collection of header fields, looked up case-insensitively.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var fields: [HTTPField] = []

    public init() {}

    /// An empty collection with room for `capacity` fields.
    public init(reservingCapacity capacity: Int) {
        fields.reserveCapacity(capacity)
    }

    public init(_ pairs: [(String, String)]) {
        fields = pairs.map { HTTPField(name: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    public var count: Int { fields.count }
    public var isEmpty: Bool { fields.isEmpty }

    public func makeIterator() -> IndexingIterator<[HTTPField]> { fields.makeIterator() }

    /// Appends a field, keeping any existing field with the same name.
    public mutating func add(name: String, value: String) {
        fields.append(HTTPField(name: name, value: value))
    }

    /// Replaces every field named `name` with one field (appended at the end).
    public mutating func replaceOrAdd(name: String, value: String) {
        remove(name: name)
        add(name: name, value: value)
    }

    /// Removes every field named `name`.
    public mutating func remove(name: String) {
        fields.removeAll { Self.namesEqual($0.name, name) }
    }

    /// Removes every field for which `shouldRemove` holds.
    public mutating func removeAll(where shouldRemove: (HTTPField) -> Bool) {
        fields.removeAll(where: shouldRemove)
    }

    /// The first value for `name`, or nil.
    public subscript(first name: String) -> String? {
        for field in fields where Self.namesEqual(field.name, name) { return field.value }
        return nil
    }

    /// Every value for `name`, in order.
    public subscript(all name: String) -> [String] {
        var values: [String] = []
        for field in fields where Self.namesEqual(field.name, name) { values.append(field.value) }
        return values
    }

    /// How many fields are named `name`.
    public func count(of name: String) -> Int {
        var count = 0
        for field in fields where Self.namesEqual(field.name, name) { count += 1 }
        return count
    }

    public func contains(name: String) -> Bool { self[first: name] != nil }

    /// The comma-separated list elements of every `name` field, trimmed and lowercased,
    /// empty elements dropped (RFC 9110 §5.6.1: recipients ignore empty list elements).
    public func tokens(_ name: String) -> [String] {
        var result: [String] = []
        for value in self[all: name] {
            for element in value.split(separator: ",") {
                let trimmed = element.trimmingOWS()
                if !trimmed.isEmpty { result.append(trimmed.asciiLowercased()) }
            }
        }
        return result
    }

    /// True when the `name` field lists `token` (case-insensitive), e.g. `Connection: close`.
    public func hasToken(_ token: String, in name: String) -> Bool {
        guard contains(name: name) else { return false }
        let wanted = token.asciiLowercased()
        return tokens(name).contains(wanted)
    }

    /// ASCII case-insensitive comparison; header names are tokens, so ASCII is enough.
    public static func namesEqual(_ lhs: String, _ rhs: String) -> Bool {
        let a = lhs.utf8, b = rhs.utf8
        guard a.count == b.count else { return false }
        if let equal = a.withContiguousStorageIfAvailable({ pa in
            b.withContiguousStorageIfAvailable { pb -> Bool in
                for index in 0..<pa.count where pa[index] != pb[index] {
                    guard pa[index] | 0x20 == pb[index] | 0x20, ByteClass.isLetter(pa[index]) else { return false }
                }
                return true
            }
        }), let equal { return equal }
        for (x, y) in zip(a, b) where x != y {
            guard ByteClass.lowercased(x) == ByteClass.lowercased(y) else { return false }
        }
        return true
    }
}

extension StringProtocol {
    /// The string without leading and trailing SP / HTAB (RFC 9110 OWS).
    func trimmingOWS() -> String {
        let bytes = Array(utf8)
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// ASCII-only lowercasing: header tokens are ASCII and must not be locale-mapped.
    func asciiLowercased() -> String {
        String(decoding: utf8.map(ByteClass.lowercased), as: UTF8.self)
    }
}
