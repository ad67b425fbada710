// HTTPSerializer: writes message heads and chunked framing as bytes.
// Invariant: nothing written can split a message: a field whose name is not a token or
// whose value holds CR, LF, NUL or another CTL is dropped, never emitted.

/// Serialises heads and body framing into byte buffers.
public enum HTTPSerializer {
    /// Appends `method SP target SP version CRLF fields CRLF`.
    public static func write(_ head: HTTPRequestHead, into buffer: inout [UInt8]) {
        guard head.method.rawValue.utf8.allSatisfy(ByteClass.isToken),
              head.target.utf8.allSatisfy({ ByteClass.isTarget($0) }) else {
            // An invalid method or target would be a second message in disguise.
            buffer.append(contentsOf: "GET / HTTP/1.1\r\nConnection: close\r\n\r\n".utf8)
            return
        }
        buffer.append(contentsOf: head.method.rawValue.utf8)
        buffer.append(0x20)
        buffer.append(contentsOf: head.target.utf8)
        buffer.append(0x20)
        appendVersion(head.version, into: &buffer)
        buffer.append(contentsOf: [0x0D, 0x0A])
        writeFields(head.headers, into: &buffer)
    }

    private static func appendVersion(_ version: HTTPVersion, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: [0x48, 0x54, 0x54, 0x50, 0x2F])
        buffer.append(UInt8(0x30 + min(max(version.major, 0), 9)))
        buffer.append(0x2E)
        buffer.append(UInt8(0x30 + min(max(version.minor, 0), 9)))
    }

    /// Appends `value` in hexadecimal (chunk sizes).
    private static func appendHex(_ value: Int, into buffer: inout [UInt8]) {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var shift = (Int.bitWidth - value.leadingZeroBitCount + 3) / 4 * 4 - 4
        if shift < 0 { shift = 0 }
        while shift >= 0 {
            buffer.append(digits[(value >> shift) & 0xF])
            shift -= 4
        }
    }

    /// Appends `version SP status SP reason CRLF fields CRLF`.
    public static func write(_ head: HTTPResponseHead, into buffer: inout [UInt8]) {
        appendVersion(head.version, into: &buffer)
        buffer.append(0x20)
        let status = (100...999).contains(head.status) ? head.status : 500
        buffer.append(UInt8(0x30 + status / 100))
        buffer.append(UInt8(0x30 + status / 10 % 10))
        buffer.append(UInt8(0x30 + status % 10))
        buffer.append(0x20)
        if head.reason.utf8.allSatisfy({ ByteClass.isFieldValue($0) }) {
            buffer.append(contentsOf: head.reason.utf8)
        } else {
            buffer.append(contentsOf: HTTPStatus.reasonPhrase(status).utf8)
        }
        buffer.append(contentsOf: [0x0D, 0x0A])
        writeFields(head.headers, into: &buffer)
    }

    /// Appends every valid field line and the empty line that ends the head. A field
    /// is valid when its name is a token and its value only field-vchar, SP and HTAB.
    public static func writeFields(_ headers: HTTPHeaders, into buffer: inout [UInt8]) {
        // Validity was decided when each field was added (see HTTPHeaders.Entry.isWritable).
        // The lines are laid out in a temporary buffer and appended at once: one append
        // per head instead of six per field.
        let (fields, bytes) = headers.writableByteCount
        let total = bytes + 4 * fields + 2
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: total) { out in
            guard let base = out.baseAddress else { return }
            var at = 0
            headers.forEachWritableField { name, value in
                if let source = name.baseAddress { (base + at).update(from: source, count: name.count) }
                at += name.count
                base[at] = 0x3A
                base[at + 1] = 0x20
                at += 2
                if let source = value.baseAddress { (base + at).update(from: source, count: value.count) }
                at += value.count
                base[at] = 0x0D
                base[at + 1] = 0x0A
                at += 2
            }
            base[at] = 0x0D
            base[at + 1] = 0x0A
            buffer.append(contentsOf: UnsafeBufferPointer(start: base, count: at + 2))
        }
    }

    /// Appends one chunk: size in hex, CRLF, data, CRLF. Empty data writes nothing,
    /// since a zero-size chunk would end the body.
    public static func writeChunk<Bytes: Collection>(_ data: Bytes, into buffer: inout [UInt8]) where Bytes.Element == UInt8 {
        guard !data.isEmpty else { return }
        appendHex(data.count, into: &buffer)
        buffer.append(contentsOf: [0x0D, 0x0A])
        buffer.append(contentsOf: data)
        buffer.append(contentsOf: [0x0D, 0x0A])
    }

    /// Appends the last chunk and the (possibly empty) trailer section.
    public static func writeLastChunk(trailers: HTTPHeaders?, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: [0x30, 0x0D, 0x0A])
        writeFields(trailers ?? HTTPHeaders(), into: &buffer)
    }
}
