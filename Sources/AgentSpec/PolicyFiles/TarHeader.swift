// TarHeader: the 512-byte header block of a tar archive (POSIX ustar, as GNU tar and
// Go's archive/tar write it): where each field sits, how numbers are encoded (octal
// text, or GNU's base-256 for large values) and the checksum. Shared by TarReader and
// TarWriter so the layout is written down once.

enum TarHeader {
    static let blockSize = 512

    /// Byte ranges of the ustar fields.
    static let name = 0..<100
    static let mode = 100..<108
    static let uid = 108..<116
    static let gid = 116..<124
    static let size = 124..<136
    static let mtime = 136..<148
    static let checksum = 148..<156
    static let typeflag = 156
    static let linkname = 157..<257
    static let magic = 257..<263
    static let version = 263..<265
    static let prefix = 345..<500

    /// `ustar\0` + `00`: POSIX. GNU tar writes `ustar  \0` and keeps other data where
    /// POSIX has the name prefix.
    static let posixMagic: [UInt8] = Array("ustar\0".utf8)

    /// The checksum: the sum of the header's bytes with the checksum field read as
    /// spaces. Old writers summed signed bytes, so readers accept either sum.
    static func checksums(_ block: ArraySlice<UInt8>) -> (unsigned: Int, signed: Int) {
        var unsigned = 0, signed = 0
        for (i, b) in zip(0..., block) {
            let byte = checksum.contains(i) ? UInt8(ascii: " ") : b
            unsigned += Int(byte)
            signed += Int(Int8(bitPattern: byte))
        }
        return (unsigned, signed)
    }

    /// A numeric field: octal digits (space or NUL padded), or base-256 when the first
    /// byte has its high bit set. nil when the field is malformed or does not fit an Int.
    static func number(_ field: ArraySlice<UInt8>) -> Int? {
        guard let first = field.first else { return nil }
        if first & 0x80 != 0 {
            // Base-256, big-endian; a set 0x40 bit would make it negative.
            guard first & 0x40 == 0 else { return nil }
            var value = Int(first & 0x3F)
            for b in field.dropFirst() {
                guard value <= (Int.max >> 8) else { return nil }
                value = value << 8 | Int(b)
            }
            return value
        }
        let text = field.prefix { $0 != 0 }.drop { $0 == UInt8(ascii: " ") }
        let digits = text.prefix { $0 != UInt8(ascii: " ") }
        guard text.dropFirst(digits.count).allSatisfy({ $0 == UInt8(ascii: " ") }) else { return nil }
        if digits.isEmpty { return 0 }
        var value = 0
        for d in digits {
            guard d >= UInt8(ascii: "0"), d <= UInt8(ascii: "7"), value <= (Int.max >> 3) else { return nil }
            value = value << 3 | Int(d - UInt8(ascii: "0"))
        }
        return value
    }

    /// A text field up to its first NUL.
    static func text(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// Writes `value` as zero-padded octal filling `field` but its last byte (a NUL).
    static func putOctal(_ value: Int, into block: inout [UInt8], _ field: Range<Int>) {
        var digits = Array(String(value, radix: 8).utf8)
        let width = field.count - 1
        precondition(digits.count <= width, "tar field too small for \(value)")
        digits = Array(repeating: UInt8(ascii: "0"), count: width - digits.count) + digits
        block.replaceSubrange(field.lowerBound..<field.lowerBound + width, with: digits)
        block[field.upperBound - 1] = 0
    }

    static func putText(_ bytes: [UInt8], into block: inout [UInt8], _ field: Range<Int>) {
        precondition(bytes.count <= field.count, "tar field too small")
        block.replaceSubrange(field.lowerBound..<field.lowerBound + bytes.count, with: bytes)
    }
}
