// HTTPHeaders: an ordered list of header fields with case-insensitive lookup.
// Invariant: order and repeats are kept exactly as received or added, because a proxy
// must forward what it was given and some fields (Set-Cookie) cannot be merged.
// Storage: the name and value bytes of every field back to back in one byte array, and
// one entry per field (where its bytes are, a case-folded key of its name, whether it
// may be written). A proxy mostly moves fields from one head to another and asks for a
// few of them by name, so bytes move as bytes and a String is made only when asked for.

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
    /// Where one field's bytes are in `storage`, and what is known of them. The value
    /// usually follows the name; in a parsed head the separator and OWS lie between.
    struct Entry: Sendable {
        var nameStart: Int
        var nameLength: Int
        var valueStart: Int
        var valueLength: Int
        /// `HTTPFieldName.key(of:)` of the name.
        var key: UInt32
        /// The name is a token and the value only field-vchar, SP and HTAB. The
        /// serializer writes only such fields: an invalid one is dropped, never emitted.
        var isWritable: Bool

        /// The end of the field's bytes (its value's end).
        var end: Int { valueStart + valueLength }
    }

    private var storage: [UInt8] = []
    private var entries: [Entry] = []

    public init() {}

    /// An empty collection with room for `capacity` fields of `byteCapacity` name and
    /// value bytes in all (so filling it allocates nothing more).
    public init(reservingCapacity capacity: Int, byteCapacity: Int? = nil) {
        entries.reserveCapacity(capacity)
        storage.reserveCapacity(byteCapacity ?? capacity * 32)
    }

    /// The name and value bytes held, removed fields included (a capacity hint for copies).
    public var byteCount: Int { storage.count }

    public init(_ pairs: [(String, String)]) {
        for (name, value) in pairs { add(name: name, value: value) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public var indices: Range<Int> { entries.indices }

    /// Every field, as Strings.
    public var fields: [HTTPField] { entries.indices.map(field(at:)) }

    public func makeIterator() -> Iterator { Iterator(headers: self) }

    /// Yields each field as Strings, in order.
    public struct Iterator: IteratorProtocol {
        let headers: HTTPHeaders
        var index = 0

        public mutating func next() -> HTTPField? {
            guard index < headers.count else { return nil }
            defer { index += 1 }
            return headers.field(at: index)
        }
    }

    // MARK: - One field

    private func withBytes<R>(_ start: Int, _ length: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<(start + length)])) }
    }

    public func name(at index: Int) -> String {
        let entry = entries[index]
        return withBytes(entry.nameStart, entry.nameLength) { String(decoding: $0, as: UTF8.self) }
    }

    public func value(at index: Int) -> String {
        let entry = entries[index]
        return withBytes(entry.valueStart, entry.valueLength) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the value bytes of the field at `index`.
    func withValueBytes<R>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let entry = entries[index]
        return withBytes(entry.valueStart, entry.valueLength, body)
    }

    public func field(at index: Int) -> HTTPField { HTTPField(name: name(at: index), value: value(at: index)) }

    /// The name of one stored field, borrowed for comparisons (no String is made).
    struct Name {
        fileprivate let bytes: UnsafeBufferPointer<UInt8>
        fileprivate let key: UInt32

        func `is`(_ name: HTTPFieldName) -> Bool { key == name.key && name.matches(bytes) }
        func hasPrefix(_ prefix: HTTPFieldName) -> Bool { prefix.isPrefix(of: bytes) }
        func `is`(_ text: String) -> Bool {
            var text = text
            return text.withUTF8 { HTTPFieldName.equalIgnoringCase(bytes, $0) }
        }
    }

    /// Calls `body` with the name of the field described by `entry`.
    @inline(__always)
    private func withName<R>(_ entry: Entry, _ body: (Name) -> R) -> R {
        withBytes(entry.nameStart, entry.nameLength) { body(Name(bytes: $0, key: entry.key)) }
    }

    /// Whether the field at `index` is named `name` (ignoring case).
    @inline(__always)
    public func name(at index: Int, is name: HTTPFieldName) -> Bool {
        let entry = entries[index]
        return entry.key == name.key && withBytes(entry.nameStart, entry.nameLength) { name.matches($0) }
    }

    /// Whether the field at `index` is named `text` (ignoring case).
    func name(at index: Int, is text: String) -> Bool { withName(entries[index]) { $0.is(text) } }

    /// Whether the name of the field at `index` starts with `prefix` (ignoring case).
    func name(at index: Int, hasPrefix prefix: HTTPFieldName) -> Bool { withName(entries[index]) { $0.hasPrefix(prefix) } }

    /// The indices of the fields named `name`, for a name given as text.
    private func indices(named name: String) -> [Int] {
        var text = name
        return text.withUTF8 { wanted in
            let key = HTTPFieldName.key(of: wanted)
            return entries.indices.filter { index in
                entries[index].key == key && withName(entries[index]) { HTTPFieldName.equalIgnoringCase($0.bytes, wanted) }
            }
        }
    }

    // MARK: - Adding

    /// Appends a field, keeping any existing field with the same name.
    public mutating func add(name: String, value: String) {
        var text = name
        let (key, isToken) = text.withUTF8 { (HTTPFieldName.key(of: $0), !$0.isEmpty && $0.allSatisfy(ByteClass.isToken)) }
        add(text, key: key, nameIsToken: isToken, value: value)
    }

    /// Appends a field with a prepared name.
    public mutating func add(_ name: HTTPFieldName, value: String) {
        add(name.text, key: name.key, nameIsToken: name.isToken, value: value)
    }

    private mutating func add(_ name: String, key: UInt32, nameIsToken: Bool, value: String) {
        var name = name, value = value
        name.withUTF8 { nameBytes in
            value.withUTF8 { valueBytes in
                let isWritable = nameIsToken && ByteClass.allFieldValue(UnsafeRawBufferPointer(valueBytes))
                append(name: nameBytes, value: valueBytes, key: key, isWritable: isWritable)
            }
        }
    }

    /// Appends a copy of the field at `index` of `other`, bytes as they are (from the
    /// name's start to the value's end, in one copy).
    mutating func append(fieldAt index: Int, of other: HTTPHeaders) {
        var entry = other.entries[index]
        let start = storage.count
        other.withBytes(entry.nameStart, entry.end - entry.nameStart) { storage.append(contentsOf: $0) }
        entry.valueStart = start + (entry.valueStart - entry.nameStart)
        entry.nameStart = start
        entries.append(entry)
    }

    /// Headers holding a copy of `block` (a parsed head's field lines), to which the
    /// parser adds one entry per field line with `addParsedField`.
    init(parsedBlock block: UnsafeBufferPointer<UInt8>, fieldCapacity: Int, extraByteCapacity: Int) {
        entries.reserveCapacity(fieldCapacity)
        storage.reserveCapacity(block.count + extraByteCapacity)
        storage.append(contentsOf: block)
    }

    /// Adds a field already in `storage` (offsets within the parsed block), validated by
    /// the parser (token name, field value), with the name's key.
    mutating func addParsedField(name: Range<Int>, value: Range<Int>, key: UInt32) {
        entries.append(Entry(nameStart: name.lowerBound, nameLength: name.count, valueStart: value.lowerBound,
                             valueLength: value.count, key: key, isWritable: true))
    }

    private mutating func append(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>, key: UInt32, isWritable: Bool) {
        let start = storage.count
        storage.append(contentsOf: name)
        storage.append(contentsOf: value)
        entries.append(Entry(nameStart: start, nameLength: name.count, valueStart: start + name.count, valueLength: value.count,
                             key: key, isWritable: isWritable))
    }

    /// Replaces every field named `name` with one field (appended at the end).
    public mutating func replaceOrAdd(name: String, value: String) {
        remove(name: name)
        add(name: name, value: value)
    }

    /// Replaces every field named `name` with one field (appended at the end).
    public mutating func replaceOrAdd(_ name: HTTPFieldName, value: String) {
        remove(name)
        add(name, value: value)
    }

    // MARK: - Removing

    /// Removes every field named `name`.
    public mutating func remove(name: String) {
        removeAll(whereName: { $0.is(name) })
    }

    /// Removes every field named `name`.
    public mutating func remove(_ name: HTTPFieldName) {
        removeAll(whereName: { $0.is(name) })
    }

    /// Removes every field for which `shouldRemove` holds.
    public mutating func removeAll(where shouldRemove: (HTTPField) -> Bool) {
        let doomed = entries.indices.filter { shouldRemove(field(at: $0)) }
        if !doomed.isEmpty { removeEntries { index, _ in doomed.contains(index) } }
    }

    /// Removes every field whose name satisfies `shouldRemove`, without making Strings.
    mutating func removeAll(whereName shouldRemove: (Name) -> Bool) {
        // A second reference to the bytes (not to `entries`, which removal rewrites in
        // place): `storage` is not changed before the compaction at the end.
        let bytes = storage
        bytes.withUnsafeBufferPointer { all in
            removeEntries { _, entry in
                shouldRemove(Name(bytes: UnsafeBufferPointer(rebasing: all[entry.nameStart..<(entry.nameStart + entry.nameLength)]),
                                  key: entry.key))
            }
        }
    }

    /// Drops the entries for which `shouldRemove` holds, keeping order. Their bytes stay
    /// in `storage` until the garbage outweighs the live bytes.
    private mutating func removeEntries(_ shouldRemove: (Int, Entry) -> Bool) {
        var kept = 0, liveBytes = 0
        for index in entries.indices {
            let entry = entries[index]
            if shouldRemove(index, entry) { continue }
            entries[kept] = entry
            kept += 1
            liveBytes += entry.nameLength + entry.valueLength
        }
        guard kept < entries.count else { return }
        entries.removeLast(entries.count - kept)
        if storage.count > 1024 && storage.count > 2 * liveBytes { compact() }
    }

    private mutating func compact() {
        var compacted = HTTPHeaders(reservingCapacity: entries.count)
        for index in entries.indices { compacted.append(fieldAt: index, of: self) }
        self = compacted
    }

    // MARK: - Lookups

    /// The first value for `name`, or nil.
    public subscript(first name: String) -> String? {
        indices(named: name).first.map(value(at:))
    }

    /// The first value for `name`, or nil.
    public subscript(first name: HTTPFieldName) -> String? {
        for index in entries.indices where self.name(at: index, is: name) { return value(at: index) }
        return nil
    }

    /// Every value for `name`, in order.
    public subscript(all name: String) -> [String] {
        indices(named: name).map(value(at:))
    }

    /// Every value for `name`, in order.
    public subscript(all name: HTTPFieldName) -> [String] {
        var values: [String] = []
        for index in entries.indices where self.name(at: index, is: name) { values.append(value(at: index)) }
        return values
    }

    /// How many fields are named `name`.
    public func count(of name: String) -> Int { indices(named: name).count }

    /// How many fields are named `name`.
    public func count(of name: HTTPFieldName) -> Int {
        var count = 0
        for index in entries.indices where self.name(at: index, is: name) { count += 1 }
        return count
    }

    public func contains(name: String) -> Bool { !indices(named: name).isEmpty }

    public func contains(_ name: HTTPFieldName) -> Bool {
        for index in entries.indices where self.name(at: index, is: name) { return true }
        return false
    }

    /// Whether any field has one of `names`.
    public func contains(where names: [HTTPFieldName]) -> Bool {
        for index in entries.indices where names.contains(where: { self.name(at: index, is: $0) }) { return true }
        return false
    }

    /// The comma-separated list elements of every `name` field, trimmed and lowercased,
    /// empty elements dropped (RFC 9110 §5.6.1: recipients ignore empty list elements).
    public func tokens(_ name: String) -> [String] {
        Self.tokens(of: self[all: name])
    }

    /// The list elements of every `name` field (see `tokens(_: String)`).
    public func tokens(_ name: HTTPFieldName) -> [String] {
        // Checked first: most heads have no such field, and the check allocates nothing.
        contains(name) ? Self.tokens(of: self[all: name]) : []
    }

    /// The list elements of `values` (see `tokens(_: String)`).
    static func tokens(of values: [String]) -> [String] {
        var result: [String] = []
        for value in values {
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
        return tokens(name).contains(token.asciiLowercased())
    }

    /// True when the `name` field lists `token` (case-insensitive).
    public func hasToken(_ token: String, in name: HTTPFieldName) -> Bool {
        guard contains(name) else { return false }
        return tokens(name).contains(token.asciiLowercased())
    }

    /// ASCII case-insensitive comparison; header names are tokens, so ASCII is enough.
    public static func namesEqual(_ lhs: String, _ rhs: String) -> Bool {
        let a = lhs.utf8, b = rhs.utf8
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x != y {
            guard ByteClass.lowercased(x) == ByteClass.lowercased(y) else { return false }
        }
        return true
    }

    // MARK: - Writing and comparing

    /// The name and value bytes of the writable fields, in all.
    var writableByteCount: (fields: Int, bytes: Int) {
        var fields = 0, bytes = 0
        for entry in entries where entry.isWritable {
            fields += 1
            bytes += entry.nameLength + entry.valueLength
        }
        return (fields, bytes)
    }

    /// Calls `body` with the name and value bytes of every writable field, in order.
    func forEachWritableField(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void) {
        storage.withUnsafeBufferPointer { all in
            for entry in entries where entry.isWritable {
                body(UnsafeBufferPointer(rebasing: all[entry.nameStart..<(entry.nameStart + entry.nameLength)]),
                     UnsafeBufferPointer(rebasing: all[entry.valueStart..<entry.end]))
            }
        }
    }

    /// Equal when the same fields (names and values byte for byte) come in the same order.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for index in lhs.entries.indices {
            let a = lhs.entries[index], b = rhs.entries[index]
            guard a.nameLength == b.nameLength, a.valueLength == b.valueLength else { return false }
            let equal = lhs.withBytes(a.nameStart, a.nameLength) { x in
                rhs.withBytes(b.nameStart, b.nameLength) { y in x.elementsEqual(y) }
            } && lhs.withBytes(a.valueStart, a.valueLength) { x in
                rhs.withBytes(b.valueStart, b.valueLength) { y in x.elementsEqual(y) }
            }
            if !equal { return false }
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
