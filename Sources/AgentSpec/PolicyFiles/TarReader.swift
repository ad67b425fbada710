// TarReader: the entries of an uncompressed tar archive held in memory — regular
// files with their bytes, folders, links (reported, never followed) and anything else
// by its type flag — with POSIX pax and GNU long names applied. Invariant: the reader
// only slices the bytes it was given; a size field, a pax record or a checksum that
// does not add up is an error naming the byte offset, never a crash or an overread.

/// One member of a tar archive.
package struct TarEntry: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        case file
        case directory
        case symbolicLink(target: String)
        case hardLink(target: String)
        /// Device files, FIFOs and other type flags, by flag.
        case other(typeflag: UInt8)
    }

    package var path: String
    package var kind: Kind
    /// A regular file's contents (empty for anything else).
    package var bytes: [UInt8]

    package init(path: String, kind: Kind, bytes: [UInt8] = []) {
        self.path = path
        self.kind = kind
        self.bytes = bytes
    }
}

/// Why an archive could not be read.
package struct TarError: Error, Sendable, Equatable, CustomStringConvertible {
    package let offset: Int
    package let reason: String
    package var description: String { "tar: \(reason) (at byte \(offset))" }
}

package enum TarReader {
    /// Every entry of `archive`, in order. More than `maxEntries` entries is an error,
    /// so a flood of empty entries is refused as soon as it passes the limit.
    package static func entries(_ archive: [UInt8], maxEntries: Int) throws(TarError) -> [TarEntry] {
        var entries: [TarEntry] = []
        var offset = 0
        // Extended names and sizes apply to the next entry only.
        var longName: String?
        var longLink: String?
        var paxSize: Int?
        while true {
            guard offset + TarHeader.blockSize <= archive.count else {
                // An archive may end without its two zero blocks (Go's reader allows it);
                // a partial block is a truncation.
                if offset == archive.count, longName == nil, longLink == nil, paxSize == nil { return entries }
                throw TarError(offset: offset, reason: "archive ends inside a header")
            }
            let header = offset
            let block = archive[header..<header + TarHeader.blockSize]
            if block.allSatisfy({ $0 == 0 }) { return entries }
            let sums = TarHeader.checksums(block)
            guard let stored = TarHeader.number(block[(offset + TarHeader.checksum.lowerBound)..<(offset + TarHeader.checksum.upperBound)]),
                  stored == sums.unsigned || stored == sums.signed else {
                throw TarError(offset: offset, reason: "header checksum does not match (not a tar archive, or damaged)")
            }
            guard let headerSize = TarHeader.number(field(block, offset, TarHeader.size)) else {
                throw TarError(offset: offset, reason: "size field is not a number")
            }
            let typeflag = block[offset + TarHeader.typeflag]
            let size = (typeflag == UInt8(ascii: "x") || typeflag == UInt8(ascii: "g")) ? headerSize : (paxSize ?? headerSize)
            let dataStart = offset + TarHeader.blockSize
            guard size <= archive.count - dataStart else {
                throw TarError(offset: offset, reason: "entry of \(size) bytes runs past the end of the archive")
            }
            let data = archive[dataStart..<dataStart + size]
            offset = dataStart + (size + TarHeader.blockSize - 1) / TarHeader.blockSize * TarHeader.blockSize
            switch typeflag {
            case UInt8(ascii: "x"):
                let records = try paxRecords(data, at: dataStart)
                if let p = records["path"] { longName = p }
                if let l = records["linkpath"] { longLink = l }
                if let s = records["size"] {
                    guard let n = Int(s), n >= 0 else { throw TarError(offset: dataStart, reason: "pax size \"\(s)\" is not a size") }
                    paxSize = n
                }
                continue
            case UInt8(ascii: "g"):
                continue  // global pax defaults (times, owners): nothing a bundle uses
            case UInt8(ascii: "L"):
                longName = TarHeader.text(data)
                continue
            case UInt8(ascii: "K"):
                longLink = TarHeader.text(data)
                continue
            default:
                break
            }
            guard entries.count < maxEntries else {
                throw TarError(offset: header, reason: "more than \(maxEntries) entries")
            }
            let path = longName ?? headerPath(block, header)
            let link = longLink ?? TarHeader.text(field(block, header, TarHeader.linkname))
            longName = nil
            longLink = nil
            paxSize = nil
            switch typeflag {
            case 0, UInt8(ascii: "0"), UInt8(ascii: "7"):
                entries.append(TarEntry(path: path, kind: .file, bytes: Array(data)))
            case UInt8(ascii: "5"): entries.append(TarEntry(path: path, kind: .directory))
            case UInt8(ascii: "1"): entries.append(TarEntry(path: path, kind: .hardLink(target: link)))
            case UInt8(ascii: "2"): entries.append(TarEntry(path: path, kind: .symbolicLink(target: link)))
            default: entries.append(TarEntry(path: path, kind: .other(typeflag: typeflag)))
            }
        }
    }

    private static func field(_ block: ArraySlice<UInt8>, _ offset: Int, _ range: Range<Int>) -> ArraySlice<UInt8> {
        block[(offset + range.lowerBound)..<(offset + range.upperBound)]
    }

    /// The name, with the POSIX prefix in front when the header is POSIX ustar.
    private static func headerPath(_ block: ArraySlice<UInt8>, _ offset: Int) -> String {
        let name = TarHeader.text(field(block, offset, TarHeader.name))
        guard Array(field(block, offset, TarHeader.magic)) == TarHeader.posixMagic else { return name }
        let prefix = TarHeader.text(field(block, offset, TarHeader.prefix))
        return prefix.isEmpty ? name : prefix + "/" + name
    }

    /// pax records: `LEN KEY=VALUE\n`, LEN counting the whole record.
    private static func paxRecords(_ data: ArraySlice<UInt8>, at start: Int) throws(TarError) -> [String: String] {
        var records: [String: String] = [:]
        var i = data.startIndex
        while i < data.endIndex {
            if data[i] == 0 { break }  // padding some writers leave
            guard let space = data[i...].firstIndex(of: UInt8(ascii: " ")),
                  let length = Int(String(decoding: data[i..<space], as: UTF8.self)),
                  length > space - i + 1, length <= data.endIndex - i,
                  data[i + length - 1] == 0x0A,
                  let eq = data[(space + 1)..<(i + length - 1)].firstIndex(of: UInt8(ascii: "=")) else {
                throw TarError(offset: start + (i - data.startIndex), reason: "malformed pax record")
            }
            let key = String(decoding: data[(space + 1)..<eq], as: UTF8.self)
            records[key] = String(decoding: data[(eq + 1)..<(i + length - 1)], as: UTF8.self)
            i += length
        }
        return records
    }
}
