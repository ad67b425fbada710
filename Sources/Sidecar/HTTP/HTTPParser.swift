// HTTPParser: a sans-I/O HTTP/1.1 parser for requests or responses (in the manner of h11).
// Feed bytes with `feed`, then call `next()` until it answers `.needMore`.
// Invariants: the parser never performs I/O, never traps on any input, never buffers
// more than its limits beyond what the caller fed, and never resynchronises: after an
// error every later call returns the same error.
import Glibc

/// What the parser produced from the bytes fed so far.
enum HTTPParserEvent: Sendable, Equatable {
    /// A complete request head. The caller may adjust `bodyLimit` before reading on.
    case requestHead(HTTPRequestHead)
    /// A complete response head; informational (1xx) heads are followed by another head.
    case responseHead(HTTPResponseHead)
    /// Some body bytes (already dechunked).
    case body([UInt8])
    /// The message is complete; trailers are those of a chunked body, if any.
    case end(trailers: HTTPHeaders?)
    /// The bytes fed so far do not complete another event.
    case needMore
    /// The input stream ended cleanly between two messages.
    case closed
    /// The message is invalid; the connection must be answered (if a server) and closed.
    case error(HTTPParseError)
}

/// A strict incremental HTTP/1.x parser. One instance per connection direction.
struct HTTPParser: Sendable {
    /// Whether this parser reads requests (server side) or responses (client side).
    enum Role: Sendable { case request, response }

    private enum State: Sendable, Equatable {
        case head
        case bodyLength(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case bodyUntilClose
        case finished
        case failed(HTTPParseError)
    }

    let role: Role
    var limits: HTTPParserLimits
    /// The method of the request whose response is being parsed (responses only).
    var requestMethod: HTTPMethod = .get
    /// Body limit for the current message; reset from `limits` at every head.
    var bodyLimit: Int

    private var state: State = .head
    private var buffer: [UInt8] = []
    private var readIndex = 0
    private var isEOF = false
    private var bodyBytesSeen = 0
    /// How far the head scanner has looked, so a slow peer costs linear time overall.
    private var headScanIndex = 0
    /// Where each line of the current head ends (its LF), in the first `headLineCount`
    /// slots. Counted apart from the array: emptying an Array keeping its capacity costs
    /// a generic call per message, resetting a count costs nothing.
    private var headLineEnds: [Int] = []
    private var headLineCount = 0
    private var headStart = 0
    /// Empty-line bytes skipped before the current head. Counted, not measured from
    /// `headStart`: how the bytes were split into reads must not change the bound.
    private var skippedEmptyLineBytes = 0

    init(role: Role, limits: HTTPParserLimits? = nil) {
        self.role = role
        self.limits = limits ?? (role == .request ? HTTPParserLimits() : .response)
        self.bodyLimit = self.limits.maxBodyBytes
    }

    /// Bytes fed but not yet consumed into events (pipelined requests wait here).
    var bufferedByteCount: Int { buffer.count - readIndex }

    /// True between messages with nothing buffered: a close here loses nothing.
    var isIdle: Bool { state == .head && bufferedByteCount == 0 }

    /// True right after a head whose message has no body: the next event is `.end`.
    var isAtEmptyBodyEnd: Bool { state == .bodyLength(remaining: 0) }

    /// True while a message head has started arriving but is not complete.
    var isReadingHead: Bool { state == .head && bufferedByteCount > 0 }

    /// Appends bytes received from the peer.
    mutating func feed<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if readIndex > 0 && (readIndex == buffer.count || readIndex >= 4096) {
            let shift = readIndex
            buffer.removeFirst(readIndex)
            readIndex = 0
            headScanIndex = max(0, headScanIndex - shift)
            headStart = max(0, headStart - shift)
            // In place: a new array here would cost an allocation per message.
            for line in 0..<headLineCount { headLineEnds[line] -= shift }
        }
        buffer.append(contentsOf: bytes)
    }

    /// Makes the parser as new for the next message on a fresh or reused connection,
    /// keeping the capacity of its buffers (a client parser is reset per response).
    mutating func reset(requestMethod: HTTPMethod = .get) {
        self.requestMethod = requestMethod
        bodyLimit = limits.maxBodyBytes
        state = .head
        // A large body may have grown the buffer: that much is not kept per connection.
        if buffer.capacity > 64 * 1024 { buffer = [] } else { buffer.removeAll(keepingCapacity: true) }
        readIndex = 0
        isEOF = false
        bodyBytesSeen = 0
        headScanIndex = 0
        headLineCount = 0
        headStart = 0
        skippedEmptyLineBytes = 0
    }

    /// Records that the peer closed its sending side.
    mutating func feedEOF() { isEOF = true }

    /// Produces the next event from the buffered bytes.
    mutating func next() -> HTTPParserEvent {
        switch state {
        case .failed(let error):
            return .error(error)
        case .finished:
            return .closed
        case .head:
            return parseHead()
        case .bodyLength(let remaining):
            return readFixedBody(remaining: remaining)
        case .chunkSize:
            return parseChunkSize()
        case .chunkData(let remaining):
            return readChunkData(remaining: remaining)
        case .chunkDataEnd:
            return parseChunkDataEnd()
        case .trailers:
            return parseTrailers()
        case .bodyUntilClose:
            return readUntilClose()
        }
    }

    private mutating func fail(_ kind: HTTPParseError.Kind, _ reason: String) -> HTTPParserEvent {
        let error = HTTPParseError(kind, reason)
        state = .failed(error)
        return .error(error)
    }

    private mutating func truncatedOrNeedMore() -> HTTPParserEvent {
        isEOF ? fail(.truncated, "connection closed inside a message") : .needMore
    }

    // MARK: - Head

    private mutating func parseHead() -> HTTPParserEvent {
        if headLineCount == 0 {
            // RFC 9112 §2.2: "a server that is expecting to receive and parse a
            // request-line SHOULD ignore at least one empty line (CRLF) received prior to
            // the request-line." We skip a bounded number of them.
            while role == .request, buffer.count - readIndex >= 2, buffer[readIndex] == 0x0D,
                  buffer[readIndex + 1] == 0x0A, skippedEmptyLineBytes < 16 {
                readIndex += 2
                skippedEmptyLineBytes += 2
            }
            if headScanIndex < readIndex { headScanIndex = readIndex }
            headStart = readIndex
        }
        if buffer.count == readIndex {
            if isEOF { state = .finished; return .closed }
            return .needMore
        }
        while true {
            // The bytes this line may still use: the start-line limit while no line has
            // ended yet, the header-section limit always.
            let startLinePending = headLineCount == 0 && limits.maxStartLineBytes <= limits.maxHeaderBytes
            let limit = startLinePending ? limits.maxStartLineBytes : limits.maxHeaderBytes
            // Written as a difference, so no configured limit (Int.max included) can overflow.
            let buffered = buffer.count - headStart
            let searchEnd = headStart + min(buffered, limit)
            guard headScanIndex < searchEnd,
                  let index = firstLineFeed(from: headScanIndex, to: searchEnd) else {
                headScanIndex = max(headScanIndex, searchEnd)
                if buffered >= limit {
                    if startLinePending {
                        return fail(role == .request ? .uriTooLong : .badRequest,
                                    "start line longer than \(limits.maxStartLineBytes) bytes")
                    }
                    return fail(.headersTooLarge, "header section larger than \(limits.maxHeaderBytes) bytes")
                }
                return truncatedOrNeedMore()
            }
            headScanIndex = index + 1
            // RFC 9112 §2.2: "Although the line terminator for the start-line and fields is
            // the sequence CRLF, a recipient MAY recognize a single LF as a line terminator".
            // We do not: a bare LF is a framing difference between parsers, so it fails.
            guard index > headStart, buffer[index - 1] == 0x0D else {
                return fail(.badRequest, "line terminated by a bare LF")
            }
            let lineStart = headLineCount > 0 ? headLineEnds[headLineCount - 1] + 1 : headStart
            if index - 1 == lineStart && headLineCount > 0 {
                return finishHead(endIndex: index + 1)
            }
            if headLineCount < headLineEnds.count { headLineEnds[headLineCount] = index } else { headLineEnds.append(index) }
            headLineCount += 1
            if headLineCount - 1 > limits.maxHeaderCount {
                return fail(.headersTooLarge, "more than \(limits.maxHeaderCount) header fields")
            }
        }
    }

    /// The index of the first LF in buffer[start..<end], found with memchr.
    private func firstLineFeed(from start: Int, to end: Int) -> Int? {
        buffer.withUnsafeBytes { raw -> Int? in
            guard let base = raw.baseAddress, let found = memchr(base + start, 0x0A, end - start) else { return nil }
            return UnsafeRawPointer(found) - base
        }
    }

    /// Parses the complete head in buffer[headStart..<endIndex] and decides framing.
    private mutating func finishHead(endIndex: Int) -> HTTPParserEvent {
        let startLine = headStart..<(headLineEnds[0] - 1)
        // The field lines are copied in one block; each field is then an entry into it.
        // Room for a few more fields: a proxy adds X-Request-Id, X-Forwarded-* or Date
        // and framing fields to what it received, in place.
        let blockStart = headLineEnds[0] + 1
        var headers = buffer.withUnsafeBufferPointer { bytes in
            HTTPHeaders(parsedBlock: UnsafeBufferPointer(rebasing: bytes[blockStart..<(endIndex - 2)]),
                        fieldCapacity: headLineCount + 4, extraByteCapacity: 192)
        }
        let fieldError = ByteClass.lowercaseToken.withUnsafeBufferPointer { lowercaseToken -> HTTPParseError? in
            var lineStart = blockStart
            for line in 1..<headLineCount {
                let end = headLineEnds[line]
                if let error = parseFieldLine(lineStart..<(end - 1), blockStart: blockStart,
                                              lowercaseToken: lowercaseToken, into: &headers) {
                    return error
                }
                lineStart = end + 1
            }
            return nil
        }
        if let fieldError {
            state = .failed(fieldError)
            return .error(fieldError)
        }
        headLineCount = 0
        readIndex = endIndex
        headScanIndex = endIndex
        headStart = endIndex
        do throws(HTTPParseError) {
            bodyLimit = limits.maxBodyBytes
            bodyBytesSeen = 0
            switch role {
            case .request:
                let head = try parseRequestLine(startLine, headers: headers)
                try validateHost(head)
                let framing = try BodyFraming.decide(isRequest: true, version: head.version, headers: headers,
                                                     requestMethod: nil, status: nil)
                enterBody(framing)
                return .requestHead(head)
            case .response:
                let head = try parseStatusLine(startLine, headers: headers)
                if head.status == 101 {
                    throw HTTPParseError(.badRequest, "protocol upgrade is not supported")
                }
                if head.isInformational {
                    state = .head
                    return .responseHead(head)
                }
                let framing = try BodyFraming.decide(isRequest: false, version: head.version, headers: headers,
                                                     requestMethod: requestMethod, status: head.status)
                enterBody(framing)
                return .responseHead(head)
            }
        } catch {
            state = .failed(error)
            return .error(error)
        }
    }

    private mutating func enterBody(_ framing: BodyFraming) {
        switch framing {
        case .none: state = .bodyLength(remaining: 0)
        case .length(let length): state = .bodyLength(remaining: length)
        case .chunked: state = .chunkSize
        case .untilClose: state = .bodyUntilClose
        }
    }

    /// request-line = method SP request-target SP HTTP-version   (RFC 9112 §3)
    private func parseRequestLine(_ line: Range<Int>, headers: HTTPHeaders) throws(HTTPParseError) -> HTTPRequestHead {
        // RFC 9112 §3: "Recipients of an invalid request-line SHOULD respond with either a
        // 400 (Bad Request) error or a 301 (Moved Permanently) redirect". We send 400.
        guard let firstSpace = buffer[line].firstIndex(of: 0x20),
              let secondSpace = buffer[(firstSpace + 1)..<line.upperBound].firstIndex(of: 0x20) else {
            throw HTTPParseError(.badRequest, "malformed request line")
        }
        let methodBytes = buffer[line.lowerBound..<firstSpace]
        let targetBytes = buffer[(firstSpace + 1)..<secondSpace]
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(ByteClass.isToken) else {
            throw HTTPParseError(.badRequest, "invalid method")
        }
        let version = try parseVersion(buffer[(secondSpace + 1)..<line.upperBound])
        let method = HTTPMethod(bytes: methodBytes)
        try validateTarget(targetBytes, method: method)
        return HTTPRequestHead(method: method, target: String(decoding: targetBytes, as: UTF8.self),
                               version: version, headers: headers)
    }

    /// status-line = HTTP-version SP status-code SP [ reason-phrase ]   (RFC 9112 §4)
    private func parseStatusLine(_ line: Range<Int>, headers: HTTPHeaders) throws(HTTPParseError) -> HTTPResponseHead {
        // Read in place (a copy of the line would be an allocation per response).
        let bytes = buffer[line], s = line.lowerBound
        guard bytes.count >= 12, bytes[s + 8] == 0x20 else { throw HTTPParseError(.badRequest, "malformed status line") }
        let version = try parseVersion(bytes[s..<(s + 8)])
        let code = bytes[(s + 9)..<(s + 12)]
        guard code.allSatisfy(ByteClass.isDigit) else { throw HTTPParseError(.badRequest, "malformed status code") }
        let status = code.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard status >= 100 else { throw HTTPParseError(.badRequest, "status code below 100") }
        var reason = ""
        if bytes.count > 12 {
            let phrase = bytes[(s + 13)...]
            guard bytes[s + 12] == 0x20, phrase.allSatisfy({ ByteClass.isFieldValue($0) }) else {
                throw HTTPParseError(.badRequest, "malformed reason phrase")
            }
            reason = String(decoding: phrase, as: UTF8.self)
        }
        return HTTPResponseHead(status: status, reason: reason, version: version, headers: headers)
    }

    /// HTTP-version = HTTP-name "/" DIGIT "." DIGIT   (RFC 9112 §2.3)
    private func parseVersion(_ b: ArraySlice<UInt8>) throws(HTTPParseError) -> HTTPVersion {
        let s = b.startIndex
        guard b.count == 8, b[s] == 0x48, b[s + 1] == 0x54, b[s + 2] == 0x54, b[s + 3] == 0x50, b[s + 4] == 0x2F,
              ByteClass.isDigit(b[s + 5]), b[s + 6] == 0x2E, ByteClass.isDigit(b[s + 7]) else {
            throw HTTPParseError(.badRequest, "malformed HTTP version")
        }
        let version = HTTPVersion(major: Int(b[s + 5] - 0x30), minor: Int(b[s + 7] - 0x30))
        guard version.major == 1 else { throw HTTPParseError(.versionNotSupported, "HTTP major version is not 1") }
        return version
    }

    /// request-target = origin-form / absolute-form / authority-form / asterisk-form
    /// (RFC 9112 §3.2), with RFC 3986 characters and well-formed percent-encoding.
    private func validateTarget(_ bytes: ArraySlice<UInt8>, method: HTTPMethod) throws(HTTPParseError) {
        guard let first = bytes.first else { throw HTTPParseError(.badRequest, "empty request target") }
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard ByteClass.isTarget(byte) else { throw HTTPParseError(.badRequest, "invalid byte in request target") }
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, ByteClass.hexValue(bytes[index + 1]) != nil,
                      ByteClass.hexValue(bytes[index + 2]) != nil else {
                    throw HTTPParseError(.badRequest, "malformed percent-encoding in request target")
                }
            }
            // A fragment is never part of a request-target (RFC 9112 §3.2).
            if byte == UInt8(ascii: "#") { throw HTTPParseError(.badRequest, "fragment in request target") }
            index += 1
        }
        if method == .connect {
            // authority-form = uri-host ":" port, only for CONNECT (RFC 9112 §3.2.3).
            guard first != UInt8(ascii: "/"), bytes.contains(UInt8(ascii: ":")), !bytes.contains(UInt8(ascii: "/")) else {
                throw HTTPParseError(.badRequest, "CONNECT needs an authority-form target")
            }
            return
        }
        if first == UInt8(ascii: "/") { return }
        // asterisk-form = "*", only for a server-wide OPTIONS (RFC 9112 §3.2.4).
        if bytes.count == 1 && first == UInt8(ascii: "*") {
            guard method == .options else { throw HTTPParseError(.badRequest, "asterisk-form outside OPTIONS") }
            return
        }
        // absolute-form = absolute-URI: scheme ":" hier-part; we require "scheme://".
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > bytes.startIndex,
              bytes[bytes.startIndex..<colon].allSatisfy({ ByteClass.isToken($0) && $0 != UInt8(ascii: "%") }),
              bytes[colon...].starts(with: "://".utf8) else {
            throw HTTPParseError(.badRequest, "request target in no valid form")
        }
        // RFC 9110 §4.2.4: "a recipient SHOULD parse for userinfo and treat its presence
        // as an error". Kept, it would also be written to the audit ring and the logs.
        let authority = bytes[(colon + 3)...].prefix { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") }
        if authority.contains(UInt8(ascii: "@")) { throw HTTPParseError(.badRequest, "userinfo in request target") }
    }

    /// RFC 9112 §3.2: "A server MUST respond with a 400 (Bad Request) status code to any
    /// HTTP/1.1 request message that lacks a Host header field and to any request message
    /// that contains more than one Host header field line or a Host header field with an
    /// invalid field value."
    private func validateHost(_ head: HTTPRequestHead) throws(HTTPParseError) {
        let headers = head.headers
        guard let index = headers.indices.first(where: { headers.name(at: $0, is: .host) }) else {
            if head.version.minor >= 1 { throw HTTPParseError(.badRequest, "missing Host field") }
            return
        }
        if headers.count(of: .host) > 1 { throw HTTPParseError(.badRequest, "more than one Host field") }
        guard headers.withValueBytes(at: index, { $0.allSatisfy(ByteClass.isHost) }) else {
            throw HTTPParseError(.badRequest, "invalid Host field")
        }
    }

    /// field-line = field-name ":" OWS field-value OWS   (RFC 9112 §5)
    /// Adds the field to `headers`, which hold a copy of the buffer from `blockStart` on,
    /// or answers why the line is invalid.
    /// `lowercaseToken` is `ByteClass.lowercaseToken`, borrowed once per head.
    private func parseFieldLine(_ line: Range<Int>, blockStart: Int, lowercaseToken: UnsafeBufferPointer<UInt8>,
                                into headers: inout HTTPHeaders) -> HTTPParseError? {
        buffer.withUnsafeBufferPointer { bytes -> HTTPParseError? in
            guard !line.isEmpty else { return HTTPParseError(.badRequest, "empty field line") }
            let first = bytes[line.lowerBound]
            // RFC 9112 §5.2: "A server that receives an obs-fold in a request message that is
            // not within a "message/http" container MUST either reject the message by sending
            // a 400 (Bad Request)..." — we reject it in both directions.
            if first == 0x20 || first == 0x09 { return HTTPParseError(.badRequest, "obsolete line folding") }
            var colon = line.lowerBound
            // RFC 9112 §5.1: "No whitespace is allowed between the field name and colon. ...
            // A server MUST reject, with a response status code of 400 (Bad Request), any
            // received request message that contains whitespace between a header field name
            // and colon". The name must be a non-empty token.
            var key = HTTPFieldName.keySeed
            while colon < line.upperBound {
                let folded = lowercaseToken[Int(bytes[colon])]
                if folded == 0 { break }
                key = (key ^ UInt32(folded)) &* HTTPFieldName.keyPrime
                colon += 1
            }
            guard colon < line.upperBound, bytes[colon] == UInt8(ascii: ":") else {
                let hasColon = bytes[line].contains(UInt8(ascii: ":"))
                return HTTPParseError(.badRequest, hasColon ? "invalid field name" : "field line without a colon")
            }
            guard colon > line.lowerBound else { return HTTPParseError(.badRequest, "invalid field name") }
            var start = colon + 1, end = line.upperBound
            while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            let value = UnsafeBufferPointer(rebasing: bytes[start..<end])
            // RFC 9110 §5.5: "Field values containing CR, LF, or NUL characters are invalid
            // and dangerous"; other CTLs are outside field-vchar as well. A bare CR lands here.
            guard ByteClass.allFieldValue(UnsafeRawBufferPointer(value)) else {
                return HTTPParseError(.badRequest, "invalid byte in field value")
            }
            headers.addParsedField(name: (line.lowerBound - blockStart)..<(colon - blockStart),
                                   value: (start - blockStart)..<(end - blockStart), key: key)
            return nil
        }
    }

    // MARK: - Bodies

    /// Counts bytes of a body read until close; its total is the peer's to choose, so the
    /// sum is checked (past Int.max it is a length no one can frame: 400).
    private mutating func countBody(_ count: Int) -> HTTPParseError? {
        let (total, overflows) = bodyBytesSeen.addingReportingOverflow(count)
        if overflows { return HTTPParseError(.badRequest, "body length overflows") }
        bodyBytesSeen = total
        if bodyBytesSeen > bodyLimit { return HTTPParseError(.bodyTooLarge, "body larger than \(bodyLimit) bytes") }
        return nil
    }

    private mutating func takeBytes(_ count: Int) -> [UInt8] {
        let bytes = Array(buffer[readIndex..<(readIndex + count)])
        readIndex += count
        return bytes
    }

    private mutating func endMessage(trailers: HTTPHeaders?) -> HTTPParserEvent {
        state = .head
        skippedEmptyLineBytes = 0
        return .end(trailers: trailers)
    }

    private mutating func readFixedBody(remaining: Int) -> HTTPParserEvent {
        if remaining == 0 { return endMessage(trailers: nil) }
        // Checked before any byte is read, so an oversized declared length gets 413 at once.
        if bodyBytesSeen == 0 && remaining > bodyLimit {
            return fail(.bodyTooLarge, "Content-Length larger than \(bodyLimit) bytes")
        }
        let available = min(remaining, buffer.count - readIndex)
        if available == 0 { return truncatedOrNeedMore() }
        bodyBytesSeen += available
        state = .bodyLength(remaining: remaining - available)
        return .body(takeBytes(available))
    }

    private mutating func readUntilClose() -> HTTPParserEvent {
        let available = buffer.count - readIndex
        if available > 0 {
            if let error = countBody(available) { state = .failed(error); return .error(error) }
            return .body(takeBytes(available))
        }
        if isEOF { state = .finished; return .end(trailers: nil) }
        return .needMore
    }

    /// Finds the next CRLF-terminated line within `limit` bytes; nil means need more.
    private func findLine(limit: Int) -> Result<Range<Int>, HTTPParseError>? {
        var index = readIndex
        while index < buffer.count {
            if buffer[index] == 0x0A {
                guard index > readIndex, buffer[index - 1] == 0x0D else {
                    return .failure(HTTPParseError(.badRequest, "line terminated by a bare LF"))
                }
                return .success(readIndex..<(index - 1))
            }
            if index - readIndex >= limit { return .failure(HTTPParseError(.badRequest, "line too long")) }
            index += 1
        }
        return nil
    }

    /// chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF   (RFC 9112 §7.1)
    private mutating func parseChunkSize() -> HTTPParserEvent {
        guard let found = findLine(limit: limits.maxChunkLineBytes) else { return truncatedOrNeedMore() }
        guard case .success(let line) = found else {
            return fail(.badRequest, "chunk-size line too long or malformed")
        }
        var index = line.lowerBound
        var size = 0
        while index < line.upperBound, let digit = ByteClass.hexValue(buffer[index]) {
            // chunk-size = 1*HEXDIG; "Recipients MUST anticipate potentially large hexadecimal
            // numerals and prevent parsing errors due to integer conversion overflows".
            guard size <= (Int.max >> 4) else { return fail(.badRequest, "chunk size overflows") }
            size = size << 4 | digit
            index += 1
        }
        guard index > line.lowerBound else { return fail(.badRequest, "missing chunk size") }
        // chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
        var extStart = index
        while extStart < line.upperBound, buffer[extStart] == 0x20 || buffer[extStart] == 0x09 { extStart += 1 }
        if extStart < line.upperBound {
            guard buffer[extStart] == UInt8(ascii: ";"),
                  buffer[extStart..<line.upperBound].allSatisfy({ ByteClass.isFieldValue($0) }) else {
                return fail(.badRequest, "malformed chunk extension")
            }
        } else if extStart != index {
            return fail(.badRequest, "whitespace after chunk size")
        }
        readIndex = line.upperBound + 2
        if size == 0 { state = .trailers; return next() }
        // The peer chose `size`: the sum is checked, never trapped on. A total past Int.max
        // is no length at all (400); a representable one past the limit is too large (413).
        let (total, overflows) = bodyBytesSeen.addingReportingOverflow(size)
        if overflows { return fail(.badRequest, "chunked body length overflows") }
        if total > bodyLimit { return fail(.bodyTooLarge, "chunked body larger than \(bodyLimit) bytes") }
        state = .chunkData(remaining: size)
        return next()
    }

    private mutating func readChunkData(remaining: Int) -> HTTPParserEvent {
        let available = min(remaining, buffer.count - readIndex)
        if available == 0 { return truncatedOrNeedMore() }
        bodyBytesSeen += available
        state = remaining == available ? .chunkDataEnd : .chunkData(remaining: remaining - available)
        return .body(takeBytes(available))
    }

    private mutating func parseChunkDataEnd() -> HTTPParserEvent {
        guard buffer.count - readIndex >= 2 else {
            if buffer.count > readIndex && buffer[readIndex] != 0x0D { return fail(.badRequest, "chunk data not followed by CRLF") }
            return truncatedOrNeedMore()
        }
        guard buffer[readIndex] == 0x0D, buffer[readIndex + 1] == 0x0A else {
            return fail(.badRequest, "chunk data not followed by CRLF")
        }
        readIndex += 2
        state = .chunkSize
        return next()
    }

    /// trailer-section = *( field-line CRLF ) CRLF   (RFC 9112 §7.1.2)
    private mutating func parseTrailers() -> HTTPParserEvent {
        var index = readIndex
        var lines: [Range<Int>] = []
        var lineStart = readIndex
        while index < buffer.count {
            if index - readIndex >= limits.maxTrailerBytes {
                return fail(.headersTooLarge, "trailer section larger than \(limits.maxTrailerBytes) bytes")
            }
            if buffer[index] == 0x0A {
                guard index > lineStart, buffer[index - 1] == 0x0D else {
                    return fail(.badRequest, "line terminated by a bare LF")
                }
                if index - 1 == lineStart {
                    let blockStart = readIndex
                    var trailers = buffer.withUnsafeBufferPointer { bytes in
                        HTTPHeaders(parsedBlock: UnsafeBufferPointer(rebasing: bytes[blockStart..<lineStart]),
                                    fieldCapacity: lines.count, extraByteCapacity: 0)
                    }
                    for line in lines {
                        let error = ByteClass.lowercaseToken.withUnsafeBufferPointer {
                            parseFieldLine(line, blockStart: blockStart, lowercaseToken: $0, into: &trailers)
                        }
                        if let error {
                            state = .failed(error)
                            return .error(error)
                        }
                    }
                    readIndex = index + 1
                    return endMessage(trailers: trailers.isEmpty ? nil : trailers)
                }
                lines.append(lineStart..<(index - 1))
                if lines.count > limits.maxHeaderCount {
                    return fail(.headersTooLarge, "more than \(limits.maxHeaderCount) trailer fields")
                }
                lineStart = index + 1
            }
            index += 1
        }
        return truncatedOrNeedMore()
    }
}
