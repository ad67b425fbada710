// HTTPSerializer: writes message heads and chunked framing as bytes.
// Invariant: nothing written can split a message: a field whose name is not a token or
// whose value holds CR, LF, NUL or another CTL is dropped, never emitted.
// A head is measured first, laid out in a temporary buffer (on the stack when small) and
// appended to the output in one call: Array's append costs the same for one byte as for
// a hundred, and a head is a dozen pieces.

/// Serialises heads and body framing into byte buffers.
enum HTTPSerializer {
    /// Appends `method SP target SP version CRLF fields CRLF`.
    static func write(_ head: HTTPRequestHead, into buffer: inout [UInt8]) {
        guard ByteClass.all(head.method.rawValue, ByteClass.isToken), ByteClass.all(head.target, ByteClass.isTarget) else {
            // An invalid method or target would be a second message in disguise.
            buffer.append(contentsOf: "GET / HTTP/1.1\r\nConnection: close\r\n\r\n".utf8)
            return
        }
        let method = head.method.rawValue, target = head.target
        let size = method.utf8.count + 1 + target.utf8.count + 1 + HeadCursor.versionSize + 2 + fieldsSize(head.headers)
        HeadCursor.write(size: size, into: &buffer) { cursor in
            cursor.put(method)
            cursor.put(0x20)
            cursor.put(target)
            cursor.put(0x20)
            cursor.putVersion(head.version)
            cursor.putLineEnd()
            cursor.putFields(head.headers)
        }
    }

    /// Appends `version SP status SP reason CRLF fields CRLF`.
    static func write(_ head: HTTPResponseHead, into buffer: inout [UInt8]) {
        let status = (100...999).contains(head.status) ? head.status : 500
        let reason = ByteClass.all(head.reason, ByteClass.isFieldValue) ? head.reason : HTTPStatus.reasonPhrase(status)
        let size = HeadCursor.versionSize + 5 + reason.utf8.count + 2 + fieldsSize(head.headers)
        HeadCursor.write(size: size, into: &buffer) { cursor in
            cursor.putVersion(head.version)
            cursor.put(0x20)
            cursor.put(UInt8(0x30 + status / 100))
            cursor.put(UInt8(0x30 + status / 10 % 10))
            cursor.put(UInt8(0x30 + status % 10))
            cursor.put(0x20)
            cursor.put(reason)
            cursor.putLineEnd()
            cursor.putFields(head.headers)
        }
    }

    /// Appends every valid field line and the empty line that ends the head. A field
    /// is valid when its name is a token and its value only field-vchar, SP and HTAB.
    static func writeFields(_ headers: HTTPHeaders, into buffer: inout [UInt8]) {
        HeadCursor.write(size: fieldsSize(headers), into: &buffer) { $0.putFields(headers) }
    }

    /// The bytes `putFields` writes: each valid field as `name: value CRLF`, then CRLF.
    private static func fieldsSize(_ headers: HTTPHeaders) -> Int {
        let (fields, bytes) = headers.writableByteCount
        return bytes + 4 * fields + 2
    }

    /// Appends `value` in hexadecimal (chunk sizes).
    private static func appendHex(_ value: Int, into buffer: inout [UInt8]) {
        var shift = (Int.bitWidth - value.leadingZeroBitCount + 3) / 4 * 4 - 4
        if shift < 0 { shift = 0 }
        while shift >= 0 {
            // Lowercase hex: '0' + n, or 'a' + n - 10 (no digit table built per chunk).
            let nibble = UInt8((value >> shift) & 0xF)
            buffer.append(nibble < 10 ? 0x30 + nibble : 0x57 + nibble)
            shift -= 4
        }
    }

    /// Appends one chunk: size in hex, CRLF, data, CRLF. Empty data writes nothing,
    /// since a zero-size chunk would end the body.
    static func writeChunk<Bytes: Collection>(_ data: Bytes, into buffer: inout [UInt8]) where Bytes.Element == UInt8 {
        guard !data.isEmpty else { return }
        appendHex(data.count, into: &buffer)
        buffer.append(contentsOf: [0x0D, 0x0A])
        buffer.append(contentsOf: data)
        buffer.append(contentsOf: [0x0D, 0x0A])
    }

    /// Appends the last chunk and the (possibly empty) trailer section.
    static func writeLastChunk(trailers: HTTPHeaders?, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: [0x30, 0x0D, 0x0A])
        writeFields(trailers ?? HTTPHeaders(), into: &buffer)
    }
}

/// A write position in a region measured for one head. Every write checks the bounds
/// (a wrong measure fails loudly instead of writing past the region).
private struct HeadCursor {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int
    var count = 0

    /// `HTTP/x.y`
    static let versionSize = 8

    /// Lays out `size` bytes with `body` and appends what it wrote to `buffer`.
    static func write(size: Int, into buffer: inout [UInt8], _ body: (inout HeadCursor) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Swift.max(size, 1)) { region in
            var cursor = HeadCursor(base: region.baseAddress!, capacity: size)
            body(&cursor)
            buffer.append(contentsOf: UnsafeBufferPointer(start: region.baseAddress, count: cursor.count))
        }
    }

    @inline(__always)
    mutating func put(_ byte: UInt8) {
        precondition(count < capacity, "head measured too small")
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        precondition(bytes.count <= capacity - count, "head measured too small")
        if let source = bytes.baseAddress { (base + count).update(from: source, count: bytes.count) }
        count += bytes.count
    }

    mutating func put(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ put($0) }) == nil {
            for byte in text.utf8 { put(byte) }
        }
    }

    @inline(__always)
    mutating func putLineEnd() {
        put(0x0D)
        put(0x0A)
    }

    mutating func putVersion(_ version: HTTPVersion) {
        precondition(capacity - count >= Self.versionSize, "head measured too small")
        // "HTTP/" then the two digits, clamped to one digit each (RFC 9112 §2.3).
        put(0x48)
        put(0x54)
        put(0x54)
        put(0x50)
        put(0x2F)
        put(UInt8(0x30 + Swift.min(Swift.max(version.major, 0), 9)))
        put(0x2E)
        put(UInt8(0x30 + Swift.min(Swift.max(version.minor, 0), 9)))
    }

    /// Validity was decided when each field was added (see HTTPHeaders.Entry.isWritable).
    mutating func putFields(_ headers: HTTPHeaders) {
        headers.forEachWritableField { name, value in
            put(name)
            put(0x3A)
            put(0x20)
            put(value)
            putLineEnd()
        }
        putLineEnd()
    }
}
