// PolicyFileSystem: the few file operations policy loading needs — read a file with a
// size cap, list a folder, tell folders from files — on Glibc directly, each failure
// carrying the system's reason (`No such file or directory`, `Permission denied`).
// Symbolic links are followed (a Kubernetes ConfigMap mounts every file as one); a
// folder's identity (device, inode) lets a walk notice a link back to itself.
#if canImport(Glibc)
import Glibc
#endif

enum PolicyFileSystem {
    enum Kind { case file, directory, other }

    /// The kind of `path` after following links, and its identity; the error is errno's text.
    static func info(_ path: String) -> Result<(kind: Kind, id: FileIdentity, size: Int), PolicyLoadError> {
        var st = stat()
        guard stat(path, &st) == 0 else { return .failure(PolicyLoadError(path, errnoText())) }
        let kind: Kind
        switch st.st_mode & S_IFMT {
        case S_IFREG: kind = .file
        case S_IFDIR: kind = .directory
        default: kind = .other
        }
        return .success((kind, FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)), Int(st.st_size)))
    }

    /// The whole file, refused past `limit` bytes (checked while reading: the size a
    /// stat reported can change, and /dev/stdin has none).
    static func read(_ path: String, limit: Int) throws(PolicyLoadError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw PolicyLoadError(path, errnoText()) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw PolicyLoadError(path, errnoText())
            }
            if n == 0 { return bytes }
            bytes += buffer[0..<n]
            if bytes.count > limit { throw PolicyLoadError(path, "larger than \(limit) bytes: refused") }
        }
    }

    /// Entries of a folder, sorted by name, without `.` and `..`.
    static func list(_ path: String) throws(PolicyLoadError) -> [String] {
        guard let d = opendir(path) else { throw PolicyLoadError(path, errnoText()) }
        defer { closedir(d) }
        var names: [String] = []
        while let e = readdir(d) {
            let name = withUnsafePointer(to: e.pointee.d_name) { ptr in
                ptr.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// A file's identity on its file system.
struct FileIdentity: Hashable {
    let device: UInt64
    let inode: UInt64
}
