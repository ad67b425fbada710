// RawClient: a raw-socket Python client for malformed and smuggling requests. It sends
// the given bytes (optionally in timed pieces), reads until the server closes or goes
// quiet, and prints the received bytes as hex, so the test parses them strictly.
@testable import Sidecar


enum RawClient {
    static let script = #"""
import socket, sys, time
port = int(sys.argv[1]); pieces = [bytes.fromhex(p) for p in sys.argv[2].split(',')]
pause = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
quiet = float(sys.argv[4]) if len(sys.argv) > 4 else 3.0
s = socket.create_connection(('127.0.0.1', port))
s.settimeout(quiet)
received = b''
try:
    for i, p in enumerate(pieces):
        if i and pause: time.sleep(pause)
        s.sendall(p)
except OSError:
    pass
closed = 'open'
try:
    while True:
        chunk = s.recv(65536)
        if not chunk:
            closed = 'closed'; break
        received += chunk
except socket.timeout:
    pass
except ConnectionResetError:
    closed = 'reset'
print(closed)
print(received.hex())
"""#

    /// What came back: every response status in order and whether the server closed.
    struct Reply {
        var statuses: [Int]
        var bodies: [String]
        var closed: Bool
        var raw: [UInt8]
    }

    /// Sends `pieces` (pausing `pause` seconds between them) to `port` and parses replies.
    static func send(_ pieces: [String], port: Int, pause: Double = 0, quiet: Double = 3) throws -> Reply {
        let hex = pieces.map { Array($0.utf8).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined() }.joined(separator: ",")
        let result = try ProcessRunner.python(script, [String(port), hex, String(pause), String(quiet)])
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let state = lines.first.map(String.init) ?? "?"
        let hexReply = lines.count > 1 ? String(lines[1]) : ""
        var raw: [UInt8] = []
        var index = hexReply.startIndex
        while index < hexReply.endIndex, let next = hexReply.index(index, offsetBy: 2, limitedBy: hexReply.endIndex) {
            if let byte = UInt8(hexReply[index..<next], radix: 16) { raw.append(byte) }
            index = next
        }
        return parse(raw, closed: state != "open")
    }

    static func parse(_ raw: [UInt8], closed: Bool) -> Reply {
        var parser = HTTPParser(role: .response)
        parser.feed(raw)
        if closed { parser.feedEOF() }
        var statuses: [Int] = [], bodies: [String] = [], body: [UInt8] = []
        loop: while true {
            switch parser.next() {
            case .responseHead(let head):
                statuses.append(head.status)
            case .body(let bytes):
                body.append(contentsOf: bytes)
            case .end:
                bodies.append(String(decoding: body, as: UTF8.self))
                body = []
            default:
                break loop
            }
        }
        return Reply(statuses: statuses, bodies: bodies, closed: closed, raw: raw)
    }
}
