// ProcessRunner: runs a real client (curl, python3) with a time limit and collects output.
import Foundation

/// The result of running a client process.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum ProcessRunner {
    /// Runs `executable` (looked up on PATH) with `arguments`; kills it after `timeout`.
    static func run(_ executable: String, _ arguments: [String], input: String? = nil, timeout: Double = 20) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try? inPipe.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        let outData = ReadAll(out.fileHandleForReading)
        let errData = ReadAll(err.fileHandleForReading)
        while process.isRunning && Date() < deadline { usleep(5000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, stdout: outData.wait(), stderr: errData.wait())
    }

    /// Runs a Python 3 script given as source text.
    static func python(_ script: String, _ arguments: [String] = [], timeout: Double = 20) throws -> ProcessResult {
        try run("python3", ["-c", script] + arguments, timeout: timeout)
    }
}

/// Reads a pipe to its end on a background thread (so a chatty child never blocks).
final class ReadAll: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}
