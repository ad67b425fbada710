// FileSystem: the few file operations bundles and time zones need (read a file, list a
// folder, tell files from folders), on Glibc directly so PolicyVM stays free of Foundation.
#if canImport(Glibc)
import Glibc
#endif

/// Why a file could not be read.
public struct FileError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

enum FileSystem {
    /// Policy and data files beyond this are rejected rather than read into memory.
    static let maxFileBytes = 64 << 20

    static func readText(_ path: String) throws(FileError) -> String {
        let bytes = try readBytes(path, limit: maxFileBytes)
        guard let s = String(validating: bytes, as: UTF8.self) else { throw FileError(path: path, reason: "not valid UTF-8") }
        return s
    }

    /// A whole file's bytes; a file longer than `limit` is an error.
    static func readBytes(_ path: String, limit: Int) throws(FileError) -> [UInt8] {
        guard let f = fopen(path, "rb") else { throw FileError(path: path, reason: String(cString: strerror(errno))) }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
            if bytes.count > limit { throw FileError(path: path, reason: "larger than \(limit) bytes") }
            if n < buffer.count {
                if ferror(f) != 0 { throw FileError(path: path, reason: "read error") }
                break
            }
        }
        return bytes
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// Entries of a folder, sorted, without `.` and `..`.
    static func list(_ path: String) throws(FileError) -> [String] {
        guard let d = opendir(path) else { throw FileError(path: path, reason: String(cString: strerror(errno))) }
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
}
