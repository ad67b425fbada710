// BackgroundProcess: a helper process (e.g. a TLS upstream) that runs for one test; the
// test reads its first output line to learn it is ready, and terminates it at the end.
import Foundation

/// A child process kept running during a test.
final class BackgroundProcess {
    private let process = Process()
    private let output = Pipe()

    init(_ executable: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Blocks until the process prints its first line (its readiness signal).
    func firstLine() -> String {
        var bytes: [UInt8] = []
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            guard let value = byte.first, value != 0x0A else { break }
            bytes.append(value)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
