// Memory: `spec.memory` — short-term, long-term and vector memory, and hygiene.

/// `spec.memory`.
public struct Memory: Sendable {
    public var shortTerm: ShortTermMemory?
    public var longTerm: LongTermMemory?
    public var vector: VectorMemory?
    public var hygiene: MemoryHygiene?
}

/// `spec.memory.shortTerm`.
public struct ShortTermMemory: Sendable {
    /// Where conversation turns are kept.
    public enum Backend: String, Sendable, CaseIterable { case inMemory = "in-memory", redis, sqlite }

    public var backend: Backend
    public var maxTurns: Int?
    public var maxTokens: Int?
    public var ttlSeconds: Int?
    public var connection: RefOrLiteral?
}

/// `spec.memory.longTerm`.
public struct LongTermMemory: Sendable {
    /// Where sessions persist.
    public enum Backend: String, Sendable, CaseIterable { case postgres, sqlite, mongodb }

    public var backend: Backend
    public var connectionString: RefOrLiteral
    public var table: String?
    public var ttlDays: Int?
}

/// `spec.memory.vector`.
public struct VectorMemory: Sendable {
    /// The vector store.
    public enum Backend: String, Sendable, CaseIterable { case pgvector, pinecone, weaviate, qdrant, chroma }

    public var backend: Backend
    public var connectionString: RefOrLiteral?
    public var apiKey: RefOrLiteral?
    public var dimension: Int
    public var topK: Int?
    public var namespace: String?
}

/// `spec.memory.hygiene`.
public struct MemoryHygiene: Sendable {
    public var piiScrubFields: [String] = []
    public var auditLog: Bool = false
    public var retentionPolicy: String?
}
