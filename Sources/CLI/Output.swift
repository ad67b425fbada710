// Output: writing to stdout and stderr straight to the file descriptors, so a line
// protocol (the conformance batch mode) gets each answer out as soon as it is written.
import SystemCalls

enum Output {
    static func out(_ text: String) { write(text + "\n", fd: 1) }
    static func err(_ text: String) { write(text + "\n", fd: 2) }

    /// Prints `agentspec <command>: <message>` to stderr and gives the usage exit code.
    static func usageError(_ command: String, _ message: String) -> Int32 {
        err("agentspec \(command): \(message)")
        return ExitCode.usage
    }

    /// Writes all bytes (short writes and EINTR are the one syscall layer's business).
    static func write(_ text: String, fd: Int32) {
        Array(text.utf8).withUnsafeBytes { Syscall.writeAll(fd, $0) }
    }
}
