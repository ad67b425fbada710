// Gzip: gzip (RFC 1952) through the system zlib, by way of CSystemShims. Invariant: a
// decompression never holds more than its caller's limit in memory, whatever the
// compressed input claims, and every failure says why (corrupt, truncated, too large).
import CSystemShims

/// Why a gzip stream could not be read.
package struct GzipError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        /// Not gzip data, or damaged (zlib's reason).
        case corrupt(String)
        /// The data ends inside a gzip member.
        case truncated
        /// The data would expand past the caller's limit.
        case tooLarge(limit: Int)
        /// zlib could not allocate memory.
        case outOfMemory
    }

    package let kind: Kind

    package var description: String {
        switch kind {
        case .corrupt(let why): return "not valid gzip data (\(why))"
        case .truncated: return "gzip data ends early (truncated)"
        case .tooLarge(let limit): return "decompresses to more than \(limit) bytes"
        case .outOfMemory: return "out of memory while decompressing"
        }
    }
}

package enum Gzip {
    /// The gzip encoding of `bytes` at zlib `level` (1 fastest … 9 smallest; -1 zlib's
    /// default, 6) with a zero timestamp, so the same input always gives the same bytes.
    package static func compress(_ bytes: [UInt8], level: Int32 = -1) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        var count: UInt64 = 0
        let rc = bytes.withUnsafeBufferPointer { cshim_gzip($0.baseAddress, UInt64($0.count), level, &out, &count) }
        // deflate into a buffer of deflateBound's size cannot fail but for memory.
        precondition(rc == 0, "zlib deflate failed (\(rc))")
        defer { cshim_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(count)))
    }

    /// The data inside the gzip members of `bytes`, refused when longer than `limit`.
    package static func decompress(_ bytes: [UInt8], limit: Int) throws(GzipError) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        var count: UInt64 = 0
        var message = [CChar](repeating: 0, count: 128)
        let rc = bytes.withUnsafeBufferPointer { input in
            message.withUnsafeMutableBufferPointer { m in
                cshim_gunzip(input.baseAddress, UInt64(input.count), UInt64(max(0, limit)), &out, &count,
                             m.baseAddress, UInt64(m.count))
            }
        }
        defer { cshim_free(out) }
        switch rc {
        case 0: return Array(UnsafeBufferPointer(start: out, count: Int(count)))
        case CSHIM_GUNZIP_TOO_LARGE: throw GzipError(kind: .tooLarge(limit: limit))
        case CSHIM_GUNZIP_TRUNCATED: throw GzipError(kind: .truncated)
        case -4: throw GzipError(kind: .outOfMemory)  // Z_MEM_ERROR
        default:
            let why = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw GzipError(kind: .corrupt(why.isEmpty ? "zlib error \(rc)" : why))
        }
    }
}
