// WireClient: an in-process, blocking raw-socket client for tests that need exact bytes
// on the wire and many runs (the fuzz test), where starting a Python process per case
// would cost too much. Replies are parsed with the project's strict response parser.
import Glibc
@testable import Sidecar
import SystemCalls

/// One TCP connection to 127.0.0.1 with a receive timeout.
final class WireClient {
    /// A response as the client saw it.
    struct Response: Equatable {
        var status: Int
        var headers: HTTPHeaders
        var body: String
        var trailers: HTTPHeaders?
    }

    /// What came back on the connection.
    struct Reply {
        var responses: [Response]
        /// The server closed its side (EOF or reset).
        var closed: Bool
        /// The bytes could not be parsed as responses (the reason).
        var malformed: String?
    }

    private let fd: Int32

    /// Connects to `port`; reads give up after `timeout` seconds of silence.
    init(port: Int, timeout: Double = 3) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SystemError("socket", errno: errno) }
        var wait = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw SystemError("connect", errno: code)
        }
    }

    deinit { Glibc.close(fd) }

    /// Sends every byte (a peer that closed early is not an error here).
    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return }
            offset += sent
        }
    }

    /// Reads until `count` complete responses arrived, the server closed, or it went
    /// quiet for the timeout. `methods` are the request methods in order (HEAD responses
    /// have no body).
    func read(responses count: Int, methods: [HTTPMethod] = []) -> Reply {
        var parser = HTTPParser(role: .response)
        var responses: [Response] = []
        var current: Response?
        var body: [UInt8] = []
        var closed = false
        var buffer = [UInt8](repeating: 0, count: 65536)
        parser.requestMethod = methods.first ?? .get
        while responses.count < count {
            switch parser.next() {
            case .responseHead(let head):
                if head.isInformational { continue }
                current = Response(status: head.status, headers: head.headers, body: "", trailers: nil)
                continue
            case .body(let bytes):
                body.append(contentsOf: bytes)
                continue
            case .end(let trailers):
                if var response = current {
                    response.body = String(decoding: body, as: UTF8.self)
                    response.trailers = trailers
                    responses.append(response)
                }
                current = nil
                body = []
                parser.requestMethod = responses.count < methods.count ? methods[responses.count] : .get
                continue
            case .closed:
                return Reply(responses: responses, closed: true, malformed: nil)
            case .error(let error):
                if error.kind == .truncated { return Reply(responses: responses, closed: true, malformed: nil) }
                return Reply(responses: responses, closed: closed, malformed: error.reason)
            case .requestHead:
                return Reply(responses: responses, closed: closed, malformed: "a request in the response stream")
            case .needMore:
                break
            }
            if closed { return Reply(responses: responses, closed: true, malformed: nil) }
            let received = buffer.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
            if received > 0 {
                parser.feed(buffer[0..<received])
            } else if received == 0 || errno == ECONNRESET {
                closed = true
                parser.feedEOF()
            } else {
                return Reply(responses: responses, closed: false, malformed: nil)
            }
        }
        return Reply(responses: responses, closed: closed, malformed: nil)
    }

    /// Whether the server closes the connection within the read timeout.
    func waitForClose() -> Bool {
        var byte: UInt8 = 0
        while true {
            let received = Glibc.recv(fd, &byte, 1, 0)
            if received == 0 { return true }
            if received < 0 { return errno == ECONNRESET }
        }
    }
}
