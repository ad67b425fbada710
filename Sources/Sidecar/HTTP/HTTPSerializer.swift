// HTTPSerializer: writes message heads and chunked framing as bytes.
// Invariant: nothing written can split a message: a field whose name is not a token or
// whose value holds CR, LF, NUL or another CTL is dropped, never emitted.

/// Serialises heads and body framing into byte buffers.
public enum HTTPSerializer {
    /// Appends `method SP target SP version CRLF fields CRLF`.
    public static func write(_ head: HTTPRequestHead, into buffer: inout [UInt8]) {
        guard head.method.rawValue.utf8.allSatisfy(ByteClass.isToken),
              head.target.utf8.allSatisfy({ ByteClass.target[Int($0)] }) else {
            // An invalid method or target would be a second message in disguise.
            buffer.append(contentsOf: "GET / HTTP/1.1\r\nConnection: close\r\n\r\n".utf8)
            return
        }
        buffer.append(contentsOf: head.method.rawValue.utf8)
        buffer.append(0x20)
        buffer.append(contentsOf: head.target.utf8)
        buffer.append(0x20)
        buffer.append(contentsOf: head.version.description.utf8)
        buffer.append(contentsOf: [0x0D, 0x0A])
        writeFields(head.headers, into: &buffer)
    }

    /// Appends `version SP status SP reason CRLF fields CRLF`.
    public static func write(_ head: HTTPResponseHead, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: head.version.description.utf8)
        buffer.append(0x20)
        let status = (100...999).contains(head.status) ? head.status : 500
        buffer.append(contentsOf: String(status).utf8)
        buffer.append(0x20)
        if head.reason.utf8.allSatisfy({ ByteClass.reason[Int($0)] }) {
            buffer.append(contentsOf: head.reason.utf8)
        } else {
            buffer.append(contentsOf: HTTPStatus.reasonPhrase(status).utf8)
        }
        buffer.append(contentsOf: [0x0D, 0x0A])
        writeFields(head.headers, into: &buffer)
    }

    /// Appends every valid field line and the empty line that ends the head.
    public static func writeFields(_ headers: HTTPHeaders, into buffer: inout [UInt8]) {
        for field in headers where isValid(field) {
            buffer.append(contentsOf: field.name.utf8)
            buffer.append(contentsOf: [0x3A, 0x20])
            buffer.append(contentsOf: field.value.utf8)
            buffer.append(contentsOf: [0x0D, 0x0A])
        }
        buffer.append(contentsOf: [0x0D, 0x0A])
    }

    /// field-name must be a token and field-value only field-vchar, SP, HTAB.
    static func isValid(_ field: HTTPField) -> Bool {
        !field.name.isEmpty && field.name.utf8.allSatisfy(ByteClass.isToken)
            && field.value.utf8.allSatisfy { ByteClass.fieldValue[Int($0)] }
    }

    /// Appends one chunk: size in hex, CRLF, data, CRLF. Empty data writes nothing,
    /// since a zero-size chunk would end the body.
    public static func writeChunk<Bytes: Collection>(_ data: Bytes, into buffer: inout [UInt8]) where Bytes.Element == UInt8 {
        guard !data.isEmpty else { return }
        buffer.append(contentsOf: String(data.count, radix: 16).utf8)
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
