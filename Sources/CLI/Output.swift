// Output: writing to stdout and stderr straight to the file descriptors, so a line
// protocol (the conformance batch mode) gets each answer out as soon as it is written.
#if canImport(Glibc)
import Glibc
#endif

enum Output {
    static func out(_ text: String) { write(text + "\n", fd: 1) }
    static func err(_ text: String) { write(text + "\n", fd: 2) }

    /// Prints `agentspec <command>: <message>` to stderr and gives the usage exit code.
    static func usageError(_ command: String, _ message: String) -> Int32 {
        err("agentspec \(command): \(message)")
        return ExitCode.usage
    }

    /// Writes all bytes, retrying short writes and EINTR.
    static func write(_ text: String, fd: Int32) {
        var bytes = Array(text.utf8)
        var offset = 0
        bytes.withUnsafeMutableBytes { buf in
            while offset < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }
}
