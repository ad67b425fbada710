// HTTPHeaders: an ordered list of header fields with case-insensitive lookup.
// Invariant: order and repeats are kept exactly as received or added, because a proxy
// must forward what it was given and some fields (Set-Cookie) cannot be merged.
// Storage: the name and value bytes of every field back to back, and one entry per
// field (where its bytes are, a case-folded key of its name, whether it may be
// written), both in one HeaderStorage object. A proxy mostly moves fields from one head
// to another and asks for a few of them by name, so bytes move as bytes and a String
// is made only when asked for.

/// One header field line: a name (a token) and a value (already trimmed of OWS).
package struct HTTPField: Sendable, Equatable {
    package var name: String
    package var value: String

    package init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// An ordered, repeatable collection of header fields, looked up case-insensitively.
package struct HTTPHeaders: @unchecked Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// Where one field's bytes are in the storage, and what is known of them. The value
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

    // @unchecked Sendable: the storage is written only by a value that holds it alone
    // (every mutation checks uniqueness first and copies otherwise); shared, it is read.
    /// The memory of the fields; nil until one is added or capacity reserved (an empty
    /// head allocates nothing).
    private var storage: HeaderStorage?
    /// The storage's regions and sizes, kept here so that reading or appending a field
    /// is pointer arithmetic, with no reference counting on the storage object.
    private var entries: UnsafeMutablePointer<Entry>?
    private var bytes: UnsafeMutablePointer<UInt8>?
    private var entryCapacity = 0
    private var byteCapacity = 0
    package private(set) var count = 0
    /// The name and value bytes held, removed fields included (a capacity hint for copies).
    package private(set) var byteCount = 0

    package init() {}

    /// An empty collection with room for `capacity` fields of `byteCapacity` name and
    /// value bytes in all (so filling it allocates nothing more).
    package init(reservingCapacity capacity: Int, byteCapacity: Int? = nil) {
        let bytes = Swift.max(byteCapacity ?? capacity * 32, 0)
        guard capacity > 0 || bytes > 0 else { return }
        adopt(HeaderStorage.make(entryCapacity: Swift.max(capacity, 0), byteCapacity: bytes))
    }

    package init(_ pairs: [(String, String)]) {
        for (name, value) in pairs { add(name: name, value: value) }
    }

    package init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    package var isEmpty: Bool { count == 0 }
    package var indices: Range<Int> { 0..<count }

    /// Every field, as Strings.
    package var fields: [HTTPField] { indices.map(field(at:)) }

    package func makeIterator() -> Iterator { Iterator(headers: self) }

    /// Yields each field as Strings, in order.
    package struct Iterator: IteratorProtocol {
        let headers: HTTPHeaders
        var index = 0

        package mutating func next() -> HTTPField? {
            guard index < headers.count else { return nil }
            defer { index += 1 }
            return headers.field(at: index)
        }
    }

    // MARK: - One field

    /// The entry at `index`, which must be in `indices`.
    @inline(__always)
    private func entry(at index: Int) -> Entry {
        precondition(index >= 0 && index < count, "header field index out of range")
        return entries.unsafelyUnwrapped[index]
    }

    /// Calls `body` with `length` stored bytes from `start` (a range some entry covers).
    /// `self` is borrowed for the call and holds the storage, so the bytes stay valid.
    @inline(__always)
    private func withBytes<R>(_ start: Int, _ length: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        body(UnsafeBufferPointer(start: bytes.map { $0 + start }, count: length))
    }

    package func name(at index: Int) -> String {
        let entry = entry(at: index)
        return withBytes(entry.nameStart, entry.nameLength) { String(decoding: $0, as: UTF8.self) }
    }

    package func value(at index: Int) -> String {
        let entry = entry(at: index)
        return withBytes(entry.valueStart, entry.valueLength) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the value bytes of the field at `index`.
    func withValueBytes<R>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let entry = entry(at: index)
        return withBytes(entry.valueStart, entry.valueLength, body)
    }

    package func field(at index: Int) -> HTTPField { HTTPField(name: name(at: index), value: value(at: index)) }

    /// The name of one stored field, borrowed for comparisons (no String is made).
    struct Name {
        fileprivate let bytes: UnsafeBufferPointer<UInt8>
        /// `HTTPFieldName.key(of:)` of the name.
        let key: UInt32

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
    package func name(at index: Int, is name: HTTPFieldName) -> Bool {
        let entry = entry(at: index)
        return entry.key == name.key && withBytes(entry.nameStart, entry.nameLength) { name.matches($0) }
    }

    /// `HTTPFieldName.key(of:)` of the name of the field at `index`: equal for names
    /// equal ignoring case (a lookup that filters on it still compares the bytes).
    func key(at index: Int) -> UInt32 { entry(at: index).key }

    /// Whether the field at `index` is named `text` (ignoring case).
    func name(at index: Int, is text: String) -> Bool { withName(entry(at: index)) { $0.is(text) } }

    /// Whether the name of the field at `index` starts with `prefix` (ignoring case).
    func name(at index: Int, hasPrefix prefix: HTTPFieldName) -> Bool { withName(entry(at: index)) { $0.hasPrefix(prefix) } }

    /// `name(at:is:)` for a long name, whose bytes are compared a word at a time.
    func name(at index: Int, isLong name: HTTPFieldName) -> Bool {
        let entry = entry(at: index)
        return entry.key == name.key && withBytes(entry.nameStart, entry.nameLength) { name.matchesLong($0) }
    }

    /// The indices of the fields named `name`, for a name given as text.
    private func indices(named name: String) -> [Int] {
        var text = name
        return text.withUTF8 { wanted in
            let key = HTTPFieldName.key(of: wanted)
            return indices.filter { index in
                let entry = entry(at: index)
                return entry.key == key && withName(entry) { HTTPFieldName.equalIgnoringCase($0.bytes, wanted) }
            }
        }
    }

    // MARK: - Adding

    /// Makes the storage this value's alone, with room for `entries` more entries and
    /// `bytes` more bytes: kept if so, else copied (shared) or copied larger (full).
    @inline(__always)
    private mutating func makeRoom(entries extraEntries: Int, bytes extraBytes: Int) {
        if count + extraEntries <= entryCapacity && byteCount + extraBytes <= byteCapacity
            && isKnownUniquelyReferenced(&storage) { return }
        copyStorage(extraEntries: extraEntries, extraBytes: extraBytes)
    }

    /// Moves the fields to new storage. A copy made because the storage is shared keeps
    /// the capacities (it is usually edited a little, then sent); a region that ran out
    /// doubles.
    private mutating func copyStorage(extraEntries: Int, extraBytes: Int) {
        let newEntryCapacity = count + extraEntries > entryCapacity
            ? Swift.max(entryCapacity * 2, count + extraEntries, 4) : entryCapacity
        let newByteCapacity = byteCount + extraBytes > byteCapacity
            ? Swift.max(byteCapacity * 2, byteCount + extraBytes, 128) : byteCapacity
        let created = HeaderStorage.make(entryCapacity: newEntryCapacity, byteCapacity: newByteCapacity)
        if let entries, count > 0 { created.entries.update(from: entries, count: count) }
        if let bytes, byteCount > 0 { created.bytes.update(from: bytes, count: byteCount) }
        adopt(created)
    }

    /// Takes `created` (holding this value's fields, if any) as the storage.
    private mutating func adopt(_ created: HeaderStorage) {
        storage = created
        entries = created.entries
        bytes = created.bytes
        entryCapacity = created.header.entries
        byteCapacity = created.header.bytes
    }

    /// Appends `source` to the bytes (room must have been made); returns where it starts.
    @inline(__always)
    private mutating func appendBytes(_ source: UnsafeBufferPointer<UInt8>) -> Int {
        let start = byteCount
        if let base = source.baseAddress, source.count > 0 { (bytes.unsafelyUnwrapped + start).update(from: base, count: source.count) }
        byteCount = start + source.count
        return start
    }

    /// Appends an entry (room must have been made).
    @inline(__always)
    private mutating func appendEntry(_ entry: Entry) {
        (entries.unsafelyUnwrapped + count).initialize(to: entry)
        count += 1
    }

    /// Appends a field, keeping any existing field with the same name.
    package mutating func add(name: String, value: String) {
        var text = name
        text.withUTF8 { nameBytes in
            add(nameBytes, key: HTTPFieldName.key(of: nameBytes),
                nameIsToken: !nameBytes.isEmpty && nameBytes.allSatisfy(ByteClass.isToken), value: value)
        }
    }

    /// Appends a field with a prepared name.
    package mutating func add(_ name: HTTPFieldName, value: String) {
        name.spelling.withBytes { nameBytes in
            add(nameBytes, key: name.key, nameIsToken: name.isToken, value: value)
        }
    }

    private mutating func add(_ name: UnsafeBufferPointer<UInt8>, key: UInt32, nameIsToken: Bool, value: String) {
        // The value's bytes are read where they are (borrowed, unlike `withUTF8`, which
        // needs a mutable copy of the String and so a retain and release of its storage).
        let added: Void? = value.utf8.withContiguousStorageIfAvailable { valueBytes in
            addValidating(name, key: key, nameIsToken: nameIsToken, value: valueBytes)
        }
        if added == nil {
            var value = value
            value.withUTF8 { addValidating(name, key: key, nameIsToken: nameIsToken, value: $0) }
        }
    }

    @inline(__always)
    private mutating func addValidating(_ name: UnsafeBufferPointer<UInt8>, key: UInt32, nameIsToken: Bool,
                                        value: UnsafeBufferPointer<UInt8>) {
        let isWritable = nameIsToken && ByteClass.allFieldValue(UnsafeRawBufferPointer(value))
        append(name: name, value: value, key: key, isWritable: isWritable)
    }

    /// Appends a copy of the field at `index` of `other`, bytes as they are (from the
    /// name's start to the value's end, in one copy).
    mutating func append(fieldAt index: Int, of other: HTTPHeaders) {
        var entry = other.entry(at: index)
        makeRoom(entries: 1, bytes: entry.end - entry.nameStart)
        let start = other.withBytes(entry.nameStart, entry.end - entry.nameStart) { appendBytes($0) }
        entry.valueStart = start + (entry.valueStart - entry.nameStart)
        entry.nameStart = start
        appendEntry(entry)
    }

    /// Appends a field named `name` with the value of the field at `index` of `other`,
    /// copied as bytes (no String is made); valid if that value was.
    mutating func add(_ name: HTTPFieldName, valueOfFieldAt index: Int, in other: HTTPHeaders) {
        let source = other.entry(at: index)
        name.spelling.withBytes { nameBytes in
            other.withBytes(source.valueStart, source.valueLength) { valueBytes in
                append(name: nameBytes, value: valueBytes, key: name.key, isWritable: name.isToken && source.isWritable)
            }
        }
    }

    /// Headers holding a copy of `block` (a parsed head's field lines), to which the
    /// parser adds one entry per field line with `addParsedField`.
    init(parsedBlock block: UnsafeBufferPointer<UInt8>, fieldCapacity: Int, extraByteCapacity: Int) {
        adopt(HeaderStorage.make(entryCapacity: Swift.max(fieldCapacity, 1), byteCapacity: block.count + Swift.max(extraByteCapacity, 0)))
        _ = appendBytes(block)
    }

    /// Adds a field already in the storage (offsets within the parsed block), validated
    /// by the parser (token name, field value), with the name's key.
    mutating func addParsedField(name: Range<Int>, value: Range<Int>, key: UInt32) {
        makeRoom(entries: 1, bytes: 0)
        appendEntry(Entry(nameStart: name.lowerBound, nameLength: name.count, valueStart: value.lowerBound,
                          valueLength: value.count, key: key, isWritable: true))
    }

    private mutating func append(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>, key: UInt32, isWritable: Bool) {
        makeRoom(entries: 1, bytes: name.count + value.count)
        let start = appendBytes(name)
        _ = appendBytes(value)
        appendEntry(Entry(nameStart: start, nameLength: name.count, valueStart: start + name.count,
                          valueLength: value.count, key: key, isWritable: isWritable))
    }

    /// Replaces every field named `name` with one field (appended at the end).
    package mutating func replaceOrAdd(name: String, value: String) {
        remove(name: name)
        add(name: name, value: value)
    }

    /// Replaces every field named `name` with one field (appended at the end).
    package mutating func replaceOrAdd(_ name: HTTPFieldName, value: String) {
        remove(name)
        add(name, value: value)
    }

    // MARK: - Removing

    /// Removes every field named `name`.
    package mutating func remove(name: String) {
        removeAll(whereName: { $0.is(name) })
    }

    /// Removes every field named `name`.
    package mutating func remove(_ name: HTTPFieldName) {
        removeAll(whereName: { $0.is(name) })
    }

    /// Removes every field for which `shouldRemove` holds.
    package mutating func removeAll(where shouldRemove: (HTTPField) -> Bool) {
        let doomed = indices.filter { shouldRemove(field(at: $0)) }
        if !doomed.isEmpty { removeEntries { index, _, _ in doomed.contains(index) } }
    }

    /// Removes the fields for which `shouldRemove`, given each field's index and name, holds.
    mutating func removeAll(whereIndexOrName shouldRemove: (Int, Name) -> Bool) {
        removeEntries { index, entry, bytes in
            shouldRemove(index, Name(bytes: UnsafeBufferPointer(start: bytes + entry.nameStart, count: entry.nameLength), key: entry.key))
        }
    }

    /// Removes every field whose name satisfies `shouldRemove`, without making Strings.
    mutating func removeAll(whereName shouldRemove: (Name) -> Bool) {
        removeEntries { _, entry, bytes in
            shouldRemove(Name(bytes: UnsafeBufferPointer(start: bytes + entry.nameStart, count: entry.nameLength), key: entry.key))
        }
    }

    /// Drops the entries for which `shouldRemove` (given each entry's original index, the
    /// entry and the stored bytes) holds, keeping order. Storage is copied only if a
    /// field goes and it is shared; removed fields' bytes stay until the garbage
    /// outweighs the live bytes.
    private mutating func removeEntries(_ shouldRemove: (Int, Entry, UnsafePointer<UInt8>) -> Bool) {
        guard let firstEntries = entries, let firstBytes = bytes else { return }
        let total = count
        var firstRemoved = total
        for index in 0..<total where shouldRemove(index, firstEntries[index], firstBytes) {
            firstRemoved = index
            break
        }
        guard firstRemoved < total else { return }
        makeRoom(entries: 0, bytes: 0)
        let entries = self.entries.unsafelyUnwrapped, bytes = self.bytes.unsafelyUnwrapped
        var kept = firstRemoved, liveBytes = 0
        for index in 0..<firstRemoved { liveBytes += entries[index].nameLength + entries[index].valueLength }
        for index in (firstRemoved + 1)..<total {
            let entry = entries[index]
            if shouldRemove(index, entry, bytes) { continue }
            entries[kept] = entry
            kept += 1
            liveBytes += entry.nameLength + entry.valueLength
        }
        count = kept
        if byteCount > 1024 && byteCount > 2 * liveBytes { compact() }
    }

    private mutating func compact() {
        var liveBytes = 0
        for index in indices { liveBytes += entry(at: index).end - entry(at: index).nameStart }
        var compacted = HTTPHeaders(reservingCapacity: count, byteCapacity: liveBytes)
        for index in indices { compacted.append(fieldAt: index, of: self) }
        self = compacted
    }

    // MARK: - Lookups

    /// The first value for `name`, or nil.
    package subscript(first name: String) -> String? {
        indices(named: name).first.map(value(at:))
    }

    /// The first value for `name`, or nil.
    package subscript(first name: HTTPFieldName) -> String? {
        for index in indices where self.name(at: index, is: name) { return value(at: index) }
        return nil
    }

    /// Every value for `name`, in order.
    package subscript(all name: String) -> [String] {
        indices(named: name).map(value(at:))
    }

    /// Every value for `name`, in order.
    package subscript(all name: HTTPFieldName) -> [String] {
        var values: [String] = []
        for index in indices where self.name(at: index, is: name) { values.append(value(at: index)) }
        return values
    }

    /// How many fields are named `name`.
    package func count(of name: String) -> Int { indices(named: name).count }

    /// How many fields are named `name`.
    package func count(of name: HTTPFieldName) -> Int {
        var count = 0
        for index in indices where self.name(at: index, is: name) { count += 1 }
        return count
    }

    package func contains(name: String) -> Bool { !indices(named: name).isEmpty }

    package func contains(_ name: HTTPFieldName) -> Bool {
        for index in indices where self.name(at: index, is: name) { return true }
        return false
    }

    /// Whether any field has one of `names`.
    package func contains(where names: [HTTPFieldName]) -> Bool {
        for index in indices where names.contains(where: { self.name(at: index, is: $0) }) { return true }
        return false
    }

    /// The comma-separated list elements of every `name` field, trimmed and lowercased,
    /// empty elements dropped (RFC 9110 §5.6.1: recipients ignore empty list elements).
    package func tokens(_ name: String) -> [String] {
        Self.tokens(of: self[all: name])
    }

    /// The list elements of every `name` field (see `tokens(_: String)`).
    package func tokens(_ name: HTTPFieldName) -> [String] {
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
    package func hasToken(_ token: String, in name: String) -> Bool {
        guard contains(name: name) else { return false }
        return tokens(name).contains(token.asciiLowercased())
    }

    /// True when the `name` field lists `token` (case-insensitive).
    package func hasToken(_ token: String, in name: HTTPFieldName) -> Bool {
        guard contains(name) else { return false }
        return tokens(name).contains(token.asciiLowercased())
    }

    /// ASCII case-insensitive comparison; header names are tokens, so ASCII is enough.
    package static func namesEqual(_ lhs: String, _ rhs: String) -> Bool {
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
        for index in indices {
            let entry = entry(at: index)
            guard entry.isWritable else { continue }
            fields += 1
            bytes += entry.nameLength + entry.valueLength
        }
        return (fields, bytes)
    }

    /// Calls `body` with the name and value bytes of every writable field, in order.
    func forEachWritableField(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void) {
        guard let entries, let bytes else { return }
        for index in 0..<count where entries[index].isWritable {
            let entry = entries[index]
            body(UnsafeBufferPointer(start: bytes + entry.nameStart, count: entry.nameLength),
                 UnsafeBufferPointer(start: bytes + entry.valueStart, count: entry.valueLength))
        }
    }

    /// Equal when the same fields (names and values byte for byte) come in the same order.
    package static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for index in lhs.indices {
            let a = lhs.entry(at: index), b = rhs.entry(at: index)
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
