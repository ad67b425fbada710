// ManifestFile: reads a manifest file and, when it cannot, says why in the system's own
// words — a missing file, a folder, no permission (the errno text of the call that
// failed), an empty file, bytes that are not UTF-8. Invariant: every failure names a
// cause a user can act on; none is reported as a YAML or schema problem.
#if canImport(Glibc)
import Glibc
#endif
import SystemCalls

/// Why a manifest file could not be read.
package enum ManifestFileProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// `open` or `read` failed with this errno.
    case system(operation: String, errno: Int32)
    /// The path names a folder.
    case isDirectory
    /// The file has no bytes at all.
    case empty
    case notUTF8

    package var description: String {
        switch self {
        case .system(let operation, let code):
            return "cannot \(operation) the file: \(String(cString: strerror(code)))"
        case .isDirectory:
            return "cannot read the file: \(String(cString: strerror(EISDIR))) (name the agent.yaml inside it)"
        case .empty:
            return "the file is empty (a manifest needs apiVersion, kind, metadata and spec)"
        case .notUTF8:
            return "the file is not UTF-8 text"
        }
    }
}

/// Reads manifest files.
package enum ManifestFile {
    /// The file's text, or why it could not be read.
    package static func read(_ path: String) -> Result<String, ManifestFileProblem> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(.system(operation: "open", errno: errno)) }
        defer { close(fd) }
        // open(2) succeeds on a folder; fstat tells it apart before read fails with EISDIR.
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR { return .failure(.isDirectory) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        reading: while true {
            let result = buffer.withUnsafeMutableBytes { b in Result { () throws(SystemError) in try Syscall.read(fd, into: b) } }
            switch result {
            case .failure(let error): return .failure(.system(operation: "read", errno: error.errno))
            case .success(.processed(let n)) where n > 0: bytes.append(contentsOf: buffer[0..<n])
            // The end (a regular file never would-block; were it to, it would read as the end).
            case .success: break reading
            }
        }
        if bytes.isEmpty { return .failure(.empty) }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .failure(.notUTF8) }
        return .success(text)
    }
}
