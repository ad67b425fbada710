// FakeTCPServer: a loopback listener on an ephemeral port that answers every
// connection with canned bytes once the client has sent something (or at once, for
// protocols where the server speaks first), then closes. Lets probe tests meet
// misbehaving servers without real ones. Shut down (and its thread ended) on deinit.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

final class FakeTCPServer: @unchecked Sendable {
    let port: Int
    private let fd: Int32

    /// - Parameters:
    ///   - reply: bytes written to each client.
    ///   - speaksFirst: write before reading anything.
    ///   - holdOpen: keep the connection open after replying (until the client closes).
    init(reply: [UInt8], speaksFirst: Bool = false, holdOpen: Bool = false) throws {
        let sock = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(sock, $0, len) } }
        guard bound == 0, listen(sock, 8) == 0 else {
            close(sock)
            throw POSIXError(.EADDRINUSE)
        }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(sock, $0, &len) } }
        port = Int(UInt16(bigEndian: addr.sin_port))
        fd = sock
        let listener = sock
        Thread.detachNewThread {
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 {
                    // Closed here, not in deinit: the number must not be reused while
                    // this thread may still call accept on it.
                    close(listener)
                    return
                }
                var buffer = [UInt8](repeating: 0, count: 4096)
                if !speaksFirst { _ = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) } }
                _ = reply.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if holdOpen { while buffer.withUnsafeMutableBytes({ recv(client, $0.baseAddress, $0.count, 0) }) > 0 {} }
                close(client)
            }
        }
    }

    /// Wakes the accept loop, which then closes the socket.
    deinit { shutdown(fd, Int32(SHUT_RDWR)) }

    /// A loopback port with nothing listening (bound, then released).
    static func closedPort() throws -> Int {
        let server = try FakeTCPServer(reply: [])
        return server.port
    }
}
