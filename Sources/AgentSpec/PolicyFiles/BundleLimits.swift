// BundleLimits: how much a bundle, or a folder of policy files, may hold before it is
// refused. A bundle can come from a server the sidecar does not control, and gzip
// expands up to ~1000×, so every dimension is capped before it is read into memory.

/// Size and count limits for reading policy files and bundles.
public struct BundleLimits: Sendable, Equatable {
    /// The compressed `.tar.gz`: far above any policy bundle (OPA's own example bundles
    /// are kilobytes), well below what would strain a sidecar's memory.
    public var maxCompressedBytes: Int
    /// Everything inside, uncompressed. Bounds a gzip bomb: decompression stops here.
    public var maxUncompressedBytes: Int
    /// One file. OPA's default `size_limit_bytes` is 1 GiB; a sidecar holds the parsed
    /// data as well, so the cap is lower.
    public var maxFileBytes: Int
    /// Entries in a bundle, or policy and data files under a folder: a flood of tiny
    /// entries costs per-entry work and memory even when the bytes are few.
    public var maxFiles: Int

    public init(maxCompressedBytes: Int = 64 << 20, maxUncompressedBytes: Int = 256 << 20,
                maxFileBytes: Int = 64 << 20, maxFiles: Int = 10_000) {
        self.maxCompressedBytes = maxCompressedBytes
        self.maxUncompressedBytes = maxUncompressedBytes
        self.maxFileBytes = maxFileBytes
        self.maxFiles = maxFiles
    }

    public static let standard = BundleLimits()
}
