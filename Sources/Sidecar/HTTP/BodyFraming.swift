// BodyFraming: how the length of a message body is determined, decided in one place.
// Invariant: every message's framing comes from `BodyFraming.decide`, which follows
// RFC 9112 §6.3 in order; ambiguity (the root of request smuggling) is an error.

/// How the body of one message is delimited on the wire.
enum BodyFraming: Sendable, Equatable {
    /// No body at all.
    case none
    /// Exactly this many bytes follow the head.
    case length(Int)
    /// The chunked transfer coding (RFC 9112 §7.1).
    case chunked
    /// The body runs until the connection closes (responses only).
    case untilClose

    /// Decides the body length of a message, in the order of RFC 9112 §6.3
    /// ("Message Body Length"). `requestMethod` and `status` are given for responses.
    static func decide(isRequest: Bool, version: HTTPVersion, headers: HTTPHeaders,
                       requestMethod: HTTPMethod?, status: Int?) throws(HTTPParseError) -> BodyFraming {
        // RFC 9110 §7.6.1: "A sender MUST NOT send a connection option corresponding to a
        // field that is intended for all recipients of the content", and an intermediary
        // removes the fields the options name. Content-Length and Transfer-Encoding frame
        // the message for every hop: removing one makes the next hop read the body as the
        // next message (request smuggling). Checked first, so the rule is the same for
        // every message, whatever its method or status: 400 here, 502 at a proxy.
        // One pass over the fields reads this and counts the framing fields.
        var transferEncodingCount = 0, contentLengthCount = 0, contentLengthIndex = 0
        for index in headers.indices {
            if headers.name(at: index, is: .transferEncoding) {
                transferEncodingCount += 1
            } else if headers.name(at: index, is: .contentLength) {
                contentLengthCount += 1
                contentLengthIndex = index
            } else if headers.name(at: index, is: .connection), let named = framingOption(in: headers, at: index) {
                throw HTTPParseError(.badRequest, "Connection names \(named.text), which frames the message")
            }
        }
        if !isRequest, let status {
            // §6.3 (1): "Any response to a HEAD request and any response with a 1xx
            // (Informational), 204 (No Content), or 304 (Not Modified) status code is
            // always terminated by the first empty line after the header fields".
            if requestMethod == .head || (100..<200).contains(status) || status == 204 || status == 304 {
                return .none
            }
            // §6.3 (2): "Any 2xx (Successful) response to a CONNECT request implies that
            // the connection will become a tunnel immediately after the empty line".
            if requestMethod == .connect && (200..<300).contains(status) { return .none }
        }
        let failure: HTTPParseError.Kind = .badRequest
        if transferEncodingCount > 0 {
            // §6.3 (3): "If a message is received with both a Transfer-Encoding and a
            // Content-Length header field, the Transfer-Encoding overrides the
            // Content-Length. Such a message might indicate an attempt to perform request
            // smuggling ... and ought to be handled as an error."
            if contentLengthCount > 0 {
                throw HTTPParseError(failure, "both Transfer-Encoding and Content-Length")
            }
            // §6.1: "A server or client that receives an HTTP/1.0 message containing a
            // Transfer-Encoding header field MUST treat the message as if the framing is
            // faulty".
            if version == .http1_0 {
                throw HTTPParseError(failure, "Transfer-Encoding in an HTTP/1.0 message")
            }
            return try chunkedFraming(headers[all: .transferEncoding], isRequest: isRequest)
        }
        if contentLengthCount > 0 {
            // §6.3 (5): "If a message is received without Transfer-Encoding and with an
            // invalid Content-Length header field, then the message framing is invalid
            // and the recipient MUST treat it as an unrecoverable error". We also refuse
            // repeated fields, even identical ones: a proxy must not guess.
            guard contentLengthCount == 1 else {
                throw HTTPParseError(failure, "repeated Content-Length")
            }
            // Read from the stored bytes (no String made per message).
            guard let length = headers.withValueBytes(at: contentLengthIndex, { parseContentLength($0) }) else {
                throw HTTPParseError(failure, "invalid Content-Length")
            }
            // §6.3 (6): "the decimal value defines the expected message body length".
            return length == 0 ? .none : .length(length)
        }
        // §6.3 (7): "If this is a request message and none of the above are true, then
        // the message body length is zero".
        if isRequest { return .none }
        // §6.3 (8): "Otherwise, this is a response message without a declared message
        // body length, so the message body length is determined by the number of octets
        // received prior to the server closing the connection."
        return .untilClose
    }

    /// The framing field (Content-Length or Transfer-Encoding) that the Connection field
    /// at `index` lists as an option, if any. Read from the stored bytes: heads that send
    /// `Connection: keep-alive` pay a scan, never an allocation.
    static func framingOption(in headers: HTTPHeaders, at index: Int) -> HTTPFieldName? {
        headers.withValueBytes(at: index) { value -> HTTPFieldName? in
            var named: HTTPFieldName?
            FieldList.forEachElement(value) { option in
                if HTTPFieldName.contentLength.matches(option) {
                    named = .contentLength
                } else if HTTPFieldName.transferEncoding.matches(option) {
                    named = .transferEncoding
                }
                return named == nil
            }
            return named
        }
    }

    /// Transfer-Encoding handling: only `chunked` is implemented, and it must be final.
    private static func chunkedFraming(_ values: [String], isRequest: Bool) throws(HTTPParseError) -> BodyFraming {
        var codings: [String] = []
        for value in values {
            for element in value.split(separator: ",", omittingEmptySubsequences: false) {
                let coding = element.trimmingOWS().asciiLowercased()
                guard !coding.isEmpty else { throw HTTPParseError(.badRequest, "empty transfer coding") }
                codings.append(coding)
            }
        }
        if codings.filter({ $0 != "chunked" }).isEmpty == false {
            // §6.3 (4): "If a Transfer-Encoding header field is present in a response and
            // the chunked transfer coding is not the final encoding, the message body
            // length is determined by reading the connection until it is closed".
            if !isRequest && codings.last != "chunked" { return .untilClose }
            // RFC 9112 §6.1: "A server that receives a request message with a transfer
            // coding it does not understand SHOULD respond with 501 (Not Implemented)."
            throw HTTPParseError(.notImplemented, "unsupported transfer coding")
        }
        // §6.1: "A sender MUST NOT apply the chunked transfer coding more than once".
        guard codings.count == 1 else { throw HTTPParseError(.badRequest, "chunked applied more than once") }
        return .chunked
    }

    /// Content-Length = 1*DIGIT (RFC 9110 §8.6): no sign, no spaces, no list, no
    /// overflow. Eighteen digits keep the value far below Int.max.
    static func parseContentLength(_ value: String) -> Int? { parseContentLength(value.utf8) }

    /// `parseContentLength` on bytes (a stored field value, without making a String).
    static func parseContentLength<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var result = 0
        for byte in bytes {
            guard ByteClass.isDigit(byte) else { return nil }
            result = result * 10 + Int(byte - 0x30)
        }
        return result
    }
}
