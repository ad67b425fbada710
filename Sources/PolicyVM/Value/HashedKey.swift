// HashedKey: an object key with its hash under `RegoObject.seed`, computed once. Code
// that builds the same shape of object per request (the sidecar's decision input) keeps
// its keys this way, so filling an object costs no hashing.

/// An object key and its hash, computed together once.
public struct HashedKey: Sendable {
    public let key: Value
    public let hash: UInt64

    public init(_ key: Value) {
        self.key = key
        self.hash = RegoObject.hash(of: key)
    }
}
