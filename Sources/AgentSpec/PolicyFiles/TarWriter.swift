// TarWriter: a POSIX ustar archive of regular files, built in memory. Deterministic:
// every header has mode 0644, owner 0, time 0, so the same files in the same order
// always give the same bytes. Paths too long for ustar's name and prefix fields get a
// pax `path` record, as Go's archive/tar and GNU tar write them.

package struct TarWriter {
    private(set) var archive: [UInt8] = []

    package init() {}

    /// Appends a regular file.
    package mutating func addFile(_ path: String, _ contents: [UInt8]) {
        let name = Array(path.utf8)
        var header = Self.header(typeflag: UInt8(ascii: "0"), size: contents.count)
        if let (prefix, rest) = Self.split(name) {
            TarHeader.putText(rest, into: &header, TarHeader.name)
            TarHeader.putText(prefix, into: &header, TarHeader.prefix)
        } else {
            appendPaxPath(path)
            TarHeader.putText(Array(name.suffix(99)), into: &header, TarHeader.name)
        }
        append(header, contents)
    }

    /// The archive with its end marker (two zero blocks).
    package func finished() -> [UInt8] {
        archive + [UInt8](repeating: 0, count: 2 * TarHeader.blockSize)
    }

    private mutating func appendPaxPath(_ path: String) {
        // "LEN path=VALUE\n" where LEN counts itself: grow LEN's digits until it fits.
        let body = " path=\(path)\n"
        var length = body.utf8.count + 1
        while String(length).utf8.count + body.utf8.count != length { length = String(length).utf8.count + body.utf8.count }
        let record = Array((String(length) + body).utf8)
        var header = Self.header(typeflag: UInt8(ascii: "x"), size: record.count)
        TarHeader.putText(Array("PaxHeaders/entry".utf8), into: &header, TarHeader.name)
        append(header, record)
    }

    private mutating func append(_ header: [UInt8], _ contents: [UInt8]) {
        var header = header
        let sum = TarHeader.checksums(header[...]).unsigned
        // Six octal digits, NUL, space: the traditional checksum layout.
        var digits = Array(String(sum, radix: 8).utf8)
        digits = Array(repeating: UInt8(ascii: "0"), count: 6 - digits.count) + digits + [0, UInt8(ascii: " ")]
        header.replaceSubrange(TarHeader.checksum, with: digits)
        archive += header
        archive += contents
        let padding = (TarHeader.blockSize - contents.count % TarHeader.blockSize) % TarHeader.blockSize
        archive += [UInt8](repeating: 0, count: padding)
    }

    private static func header(typeflag: UInt8, size: Int) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: TarHeader.blockSize)
        TarHeader.putOctal(0o644, into: &h, TarHeader.mode)
        TarHeader.putOctal(0, into: &h, TarHeader.uid)
        TarHeader.putOctal(0, into: &h, TarHeader.gid)
        TarHeader.putOctal(size, into: &h, TarHeader.size)
        TarHeader.putOctal(0, into: &h, TarHeader.mtime)
        h[TarHeader.typeflag] = typeflag
        TarHeader.putText(TarHeader.posixMagic, into: &h, TarHeader.magic)
        TarHeader.putText(Array("00".utf8), into: &h, TarHeader.version)
        return h
    }

    /// `name` as (prefix, name) fitting ustar's 155- and 100-byte fields, split at a `/`;
    /// nil when no split fits.
    private static func split(_ name: [UInt8]) -> (prefix: [UInt8], name: [UInt8])? {
        if name.count <= TarHeader.name.count { return ([], name) }
        for i in name.indices.reversed() where name[i] == UInt8(ascii: "/") {
            let prefix = Array(name[..<i]), rest = Array(name[(i + 1)...])
            if rest.count > TarHeader.name.count || rest.isEmpty { return nil }
            if prefix.count <= TarHeader.prefix.count { return (prefix, rest) }
        }
        return nil
    }
}
