// E2ERaw: exact bytes on the wire for the end-to-end tests — a raw client for requests
// curl refuses to send (smuggling, chunk sizes past Int.max, pipelining) and a raw
// upstream for responses a well-behaved agent never writes (Support/Python/raw_*.py).
import Foundation

/// What a raw client received on one connection.
struct RawReply: Sendable, CustomStringConvertible {
    /// Whether the server closed the connection (EOF or reset) before the client gave up.
    let closed: Bool
    /// The bytes received, as Latin-1 text.
    let text: String

    /// The status of every response head, in order (each "HTTP/1.1 NNN " in the bytes;
    /// a body does not end with a line break, so the next head may follow on its line).
    var statuses: [Int] {
        text.components(separatedBy: "HTTP/1.1 ").dropFirst().compactMap { rest in
            rest.dropFirst(3).first == " " ? Int(rest.prefix(3)) : nil
        }
    }

    var description: String { "closed: \(closed), reply: \(text.prefix(2000))" }
}

enum RawHTTP {
    /// Sends `bytes` to 127.0.0.1:`port` on one connection and reads until the server
    /// closes or is quiet for `quiet` seconds.
    static func exchange(port: Int, _ bytes: String, quiet: Double = 3) async throws -> RawReply {
        guard let python = E2EPaths.python else { throw E2EError("python3 is not installed") }
        let hex = Array(bytes.utf8).map { String(format: "%02x", $0) }.joined()
        let script = E2EPaths.scripts.appendingPathComponent("raw_client.py").path
        let (status, out, err) = try await offload { try runCapturing(python, [script, String(port), hex, String(quiet)]) }
        guard status == 0, let object = try JSONSerialization.jsonObject(with: out) as? [String: Any] else {
            throw E2EError("raw_client.py failed (exit \(status)): \(String(decoding: err, as: UTF8.self))")
        }
        return RawReply(closed: object["closed"] as? Bool ?? false, text: object["reply"] as? String ?? "")
    }
}

extension E2EHarness {
    /// An upstream answering every request head with `response` verbatim.
    func rawUpstream(response: String) async throws -> ServerHandle {
        try await pythonServer("raw_upstream.py", [Array(response.utf8).map { String(format: "%02x", $0) }.joined()])
    }
}
