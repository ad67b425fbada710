// RawUpstream: an upstream that answers every request with fixed bytes, for responses
// our own server would never write (a Connection field naming Content-Length, chunk
// sizes past Int.max). A Python process; it prints its port when ready.
import Foundation
@testable import Sidecar

/// A scripted upstream: each request head gets `response` verbatim.
final class RawUpstream {
    static let script = #"""
import socket, sys, threading
response = bytes.fromhex(sys.argv[1])
listener = socket.socket(); listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(('127.0.0.1', 0)); listener.listen(64)
print(listener.getsockname()[1], flush=True)
def serve(c):
    data = b''
    try:
        while True:
            chunk = c.recv(65536)
            if not chunk: break
            data += chunk
            while b'\r\n\r\n' in data:
                data = data.split(b'\r\n\r\n', 1)[1]
                c.sendall(response)
    except OSError:
        pass
    c.close()
while True:
    c, _ = listener.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
"""#

    private let process: BackgroundProcess
    let port: Int

    init(response: String) throws {
        let hex = Array(response.utf8).map { String(format: "%02x", $0) }.joined()
        process = try BackgroundProcess("python3", ["-u", "-c", Self.script, hex])
        guard let port = Int(process.firstLine()) else {
            process.stop()
            throw SystemError("RawUpstream", errno: 0)
        }
        self.port = port
    }

    var url: String { "http://127.0.0.1:\(port)" }

    func stop() { process.stop() }
}
