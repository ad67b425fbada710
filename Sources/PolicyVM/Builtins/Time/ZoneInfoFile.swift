// ZoneInfoFile: reading one zoneinfo file as Go's time package reads it (open, then
// read to the end), on Glibc directly so PolicyVM stays free of Foundation. The
// outcome keeps what LoadLocation needs to choose its error: a missing file lets the
// next folder be tried, any other failure is reported with Go's errno text. Invariant:
// at most `limit` bytes are read; a longer file is refused, not truncated.
#if canImport(Glibc)
import Glibc
#endif

enum ZoneInfoFile {
    case found([UInt8])
    case missing
    /// Go's text for the errno (`is a directory`, `permission denied`).
    case unreadable(String)

    /// Zoneinfo files are a few kilobytes; anything over a megabyte is not one.
    static let limit = 1 << 20

    static func read(_ path: String) -> ZoneInfoFile {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return errno == ENOENT || errno == ENOTDIR ? .missing : .unreadable(errnoText()) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .unreadable(errnoText())   // a folder: EISDIR, "is a directory"
            }
            if n == 0 { return .found(bytes) }
            bytes.append(contentsOf: buffer[0..<n])
            if bytes.count > limit { return .unreadable("file size exceeds maximum of \(limit)") }
        }
    }

    /// strerror's text lowercased, as Go's syscall.Errno prints it.
    private static func errnoText() -> String {
        let text = String(cString: strerror(errno))
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
