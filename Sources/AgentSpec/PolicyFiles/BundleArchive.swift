// BundleArchive: an OPA bundle file (`.tar.gz`) to its members and back. Reading is
// bounded (compressed size, uncompressed size, entry count, file size) and strict about
// what may be inside: regular files and folders only — links (symbolic or hard),
// devices and FIFOs are refused, as are paths that climb out of the bundle (`..`) and a
// path that appears twice. Writing is deterministic (same files, same bytes).

/// A file inside a bundle: its path below the bundle root, and its bytes.
struct BundleMember: Sendable {
    var path: [String]
    var bytes: [UInt8]
    var pathText: String { path.joined(separator: "/") }
}

enum BundleArchive {
    /// The regular files of the `.tar.gz` bundle `compressed`; `name` names it in errors.
    static func members(_ compressed: [UInt8], name: String, limits: BundleLimits) throws(PolicyLoadError) -> [BundleMember] {
        guard compressed.count <= limits.maxCompressedBytes else {
            throw PolicyLoadError(name, "bundle is \(compressed.count) bytes, more than the \(limits.maxCompressedBytes) allowed")
        }
        let archive: [UInt8]
        do { archive = try Gzip.decompress(compressed, limit: limits.maxUncompressedBytes) } catch {
            throw PolicyLoadError(name, "bundle \(error)")
        }
        let entries: [TarEntry]
        do { entries = try TarReader.entries(archive, maxEntries: limits.maxFiles) } catch {
            throw PolicyLoadError(name, "bundle: \(error)")
        }
        var members: [BundleMember] = []
        var seen: Set<[String]> = []
        for entry in entries {
            let segments: [String]
            switch BundlePath.segments(entry.path) {
            case .success(let s): segments = s
            case .failure(let e): throw PolicyLoadError("\(name)#\(entry.path)", e.reason)
            }
            let member = "\(name)#\(entry.path)"
            switch entry.kind {
            case .directory: continue
            case .file: break
            case .symbolicLink(let target):
                throw PolicyLoadError(member, "a symbolic link (to \(target)): links are refused in bundles")
            case .hardLink(let target):
                throw PolicyLoadError(member, "a hard link (to \(target)): links are refused in bundles")
            case .other(let flag):
                let shown = flag >= 0x21 && flag < 0x7F ? String(UnicodeScalar(flag)) : "\\(\(flag))"
                throw PolicyLoadError(member, "tar entry of type '\(shown)' is not a regular file: refused")
            }
            guard !segments.isEmpty else { throw PolicyLoadError(member, "a file with no name") }
            guard entry.bytes.count <= limits.maxFileBytes else {
                throw PolicyLoadError(member, "\(entry.bytes.count) bytes, more than the \(limits.maxFileBytes) allowed for one file")
            }
            guard seen.insert(segments).inserted else {
                throw PolicyLoadError(member, "appears twice in the bundle")
            }
            members.append(BundleMember(path: segments, bytes: entry.bytes))
        }
        return members
    }

    /// A `.tar.gz` of `members`, in the order given, each named with a leading `/` as OPA
    /// names bundle members (`/data.json`, `/authz/policy.rego`).
    static func encode(_ members: [BundleMember]) -> [UInt8] {
        var tar = TarWriter()
        for m in members { tar.addFile("/" + m.pathText, m.bytes) }
        return Gzip.compress(tar.finished())
    }
}
