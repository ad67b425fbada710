// HTTPSTransfer: one HTTPS request through libcurl (SystemCurl), blocking its thread
// until the response ends: the head reaches `onHead` once, when its blank line arrives
// (interim 1xx heads are skipped, trailers ignored), then the body in chunks as they come.
// Invariants: `onHead` is called at most once and always before `onBody`; libcurl never
// sees a string or buffer that dies before the transfer ends; the handle goes back to
// its CurlHandles with every option cleared.
import CSystemShims

/// An HTTPS request, as libcurl is told it.
package struct HTTPSRequest: Sendable {
    package var url: String
    package var method: String
    /// Sent as given, in order (libcurl adds Host from the URL, and Content-Length).
    package var fields: [(name: String, value: String)]
    package var body: [UInt8]
    /// The whole transfer, connect to last byte; nil: no limit.
    package var timeoutMillis: Int?
    package var connectTimeoutMillis: Int?
    /// No byte received for this many seconds fails the transfer; nil: no limit.
    package var idleTimeoutSeconds: Int?
    /// PEM certificates to trust instead of the system's; nil: the system's.
    package var certificateAuthorityFile: String?

    package init(url: String, method: String = "GET", fields: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.url = url
        self.method = method
        self.fields = fields
        self.body = body
    }
}

/// Runs one transfer; see the file header.
package enum HTTPSTransfer {
    /// Performs `request` on `handles`; returns nil when the response ended whole.
    /// `onBody` returns false to stop the transfer (the result is then `.aborted`).
    package static func perform(_ request: HTTPSRequest, on handles: CurlHandles,
                                onHead: @escaping (Int, [(name: String, value: String)]) -> Void,
                                onBody: @escaping (UnsafeRawBufferPointer) -> Bool) -> CurlFailure? {
        do throws(CurlFailure) { try SystemCurl.ensureLoaded() } catch { return error }
        guard let easy = handles.take() else { return CurlFailure(kind: .other, message: "libcurl could not start a transfer (out of memory)") }
        defer { handles.giveBack(easy) }
        var fields: UnsafeMutableRawPointer?
        defer { if let fields { cshim_curl_list_free(fields) } }
        // "Expect:" (empty) stops libcurl from adding Expect: 100-continue to large bodies.
        for line in request.fields.map({ $0.value.isEmpty ? "\($0.name);" : "\($0.name): \($0.value)" }) + ["Expect:"] {
            guard let grown = cshim_curl_list_append(fields, line) else {
                return CurlFailure(kind: .other, message: "libcurl could not hold the request's fields (out of memory)")
            }
            fields = grown
        }
        let context = TransferContext(onHead: onHead, onBody: onBody)
        var errorText = [CChar](repeating: 0, count: Int(CSHIM_CURL_ERROR_SIZE) + 1)
        let code: Int32 = request.body.withUnsafeBytes { body in
            errorText.withUnsafeMutableBufferPointer { errorBuffer in
                configure(easy, request, fields: fields, body: body, errorBuffer: errorBuffer.baseAddress!)
                _ = cshim_curl_set_callbacks(easy, headerLine, bodyBytes, Unmanaged.passUnretained(context).toOpaque())
                return withExtendedLifetime(context) { cshim_curl_perform(easy) }
            }
        }
        if context.isAborted { return CurlFailure(kind: .aborted, message: "the transfer was stopped") }
        guard code == 0 else {
            return SystemCurl.failure(code: code, detail: errorText.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        }
        if !context.isHeadDelivered { context.deliverHead(status: Int(cshim_curl_response_code(easy))) }
        return nil
    }

    /// Sets every option of one transfer (libcurl copies strings; `body` outlives it).
    private static func configure(_ easy: UnsafeMutableRawPointer, _ request: HTTPSRequest, fields: UnsafeMutableRawPointer?,
                                  body: UnsafeRawBufferPointer, errorBuffer: UnsafeMutablePointer<CChar>) {
        _ = cshim_curl_set_pointer(easy, Int32(CSHIM_CURLOPT_URL), request.url)
        _ = cshim_curl_set_pointer(easy, Int32(CSHIM_CURLOPT_PROTOCOLS_STR), "https")
        _ = cshim_curl_set_long(easy, Int32(CSHIM_CURLOPT_NOSIGNAL), 1)  // threads: no SIGALRM for timeouts
        _ = cshim_curl_set_long(easy, Int32(CSHIM_CURLOPT_HTTP_VERSION), Int(CSHIM_CURL_HTTP_VERSION_1_1))
        _ = cshim_curl_set_long(easy, Int32(CSHIM_CURLOPT_FOLLOWLOCATION), 0)
        _ = cshim_curl_set_pointer(easy, Int32(CSHIM_CURLOPT_ERRORBUFFER), errorBuffer)
        _ = cshim_curl_set_pointer(easy, Int32(CSHIM_CURLOPT_HTTPHEADER), fields)
        switch request.method {
        case "GET": break
        case "HEAD": _ = cshim_curl_set_long(easy, Int32(CSHIM_CURLOPT_NOBODY), 1)
        default: _ = cshim_curl_set_pointer(easy, Int32(CSHIM_CURLOPT_CUSTOMREQUEST), request.method)
        }
        if !body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method) {
            _ = cshim_curl_set_offset(easy, Int32(CSHIM_CURLOPT_POSTFIELDSIZE_LARGE), Int64(body.count))
            _ = cshim_curl_set_pointer(easy, Int32(CSHIM_CURLOPT_POSTFIELDS), body.baseAddress ?? UnsafeRawPointer(errorBuffer))
            // POSTFIELDS makes the request a POST; the method given is restored.
            if request.method != "POST" { _ = cshim_curl_set_pointer(easy, Int32(CSHIM_CURLOPT_CUSTOMREQUEST), request.method) }
        }
        if let ms = request.timeoutMillis { _ = cshim_curl_set_long(easy, Int32(CSHIM_CURLOPT_TIMEOUT_MS), max(ms, 1)) }
        if let ms = request.connectTimeoutMillis { _ = cshim_curl_set_long(easy, Int32(CSHIM_CURLOPT_CONNECTTIMEOUT_MS), max(ms, 1)) }
        if let seconds = request.idleTimeoutSeconds {
            _ = cshim_curl_set_long(easy, Int32(CSHIM_CURLOPT_LOW_SPEED_LIMIT), 1)
            _ = cshim_curl_set_long(easy, Int32(CSHIM_CURLOPT_LOW_SPEED_TIME), max(seconds, 1))
        }
        if let file = request.certificateAuthorityFile { _ = cshim_curl_set_pointer(easy, Int32(CSHIM_CURLOPT_CAINFO), file) }
    }

    private static let headerLine: cshim_curl_data_fn = { data, size, count, context in
        let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
        Unmanaged<TransferContext>.fromOpaque(context!).takeUnretainedValue().headerLine(bytes)
        return size * count
    }

    private static let bodyBytes: cshim_curl_data_fn = { data, size, count, context in
        let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
        return Unmanaged<TransferContext>.fromOpaque(context!).takeUnretainedValue().body(bytes) ? size * count : 0
    }
}

/// One transfer's callbacks and the head being read (libcurl's thread only).
private final class TransferContext {
    private let onHead: (Int, [(name: String, value: String)]) -> Void
    private let onBody: (UnsafeRawBufferPointer) -> Bool
    private var status = 0
    private var fields: [(name: String, value: String)] = []
    private(set) var isHeadDelivered = false
    private(set) var isAborted = false

    init(onHead: @escaping (Int, [(name: String, value: String)]) -> Void, onBody: @escaping (UnsafeRawBufferPointer) -> Bool) {
        self.onHead = onHead
        self.onBody = onBody
    }

    /// One line of a head, CRLF included: a status line starts a head, a blank line ends it.
    func headerLine(_ bytes: UnsafeRawBufferPointer) {
        guard !isHeadDelivered else { return }  // trailers
        var line = Substring(String(decoding: bytes, as: UTF8.self))
        while let last = line.last, last == "\r\n" || last == "\n" || last == "\r" { line = line.dropLast() }
        if line.hasPrefix("HTTP/") {
            // status-line = HTTP-version SP status-code SP [ reason-phrase ]
            let parts = line.split(separator: " ", maxSplits: 2)
            status = parts.count >= 2 ? Int(parts[1]) ?? 0 : 0
            fields = []
        } else if line.isEmpty {
            if status >= 200 { deliverHead(status: status) }  // a 1xx head: the real one follows
        } else if let colon = line.firstIndex(of: ":") {
            var value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            while let last = value.last, last == " " || last == "\t" { value = value.dropLast() }
            fields.append((String(line[..<colon]), String(value)))
        }
    }

    func deliverHead(status: Int) {
        isHeadDelivered = true
        onHead(status, fields)
    }

    func body(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if !isHeadDelivered { deliverHead(status: status) }
        if onBody(bytes) { return true }
        isAborted = true
        return false
    }
}
