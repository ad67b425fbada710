// RawUpstream: an upstream that answers every request with fixed bytes, for responses
// our own server would never write (a Connection field naming Content-Length, chunk
// sizes past Int.max). It runs the end-to-end tests' raw_upstream.py (one script for
// both test targets), which prints `listening on <port>` when ready.
import Foundation
@testable import Sidecar
import SystemCalls

/// A scripted upstream: each request head gets `response` verbatim.
final class RawUpstream {
    /// Tests/CLITests/EndToEnd/Support/Python/raw_upstream.py, found from this file.
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("CLITests/EndToEnd/Support/Python/raw_upstream.py").path

    private let process: BackgroundProcess
    let port: Int

    init(response: String) throws {
        let hex = Array(response.utf8).map { String(format: "%02x", $0) }.joined()
        process = try BackgroundProcess("python3", ["-u", Self.script, hex])
        let line = process.firstLine()
        guard line.hasPrefix("listening on "), let port = Int(line.dropFirst("listening on ".count)) else {
            process.stop()
            throw SystemError("RawUpstream (\(line))", errno: 0)
        }
        self.port = port
    }

    var url: String { "http://127.0.0.1:\(port)" }

    func stop() { process.stop() }
}
