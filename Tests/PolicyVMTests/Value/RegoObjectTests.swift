// RegoObject: small objects are scanned, large ones indexed; both must behave like a
// dictionary (distinct keys, last write wins, removal, copy on write), and equality
// and hashing must ignore the order entries were added in.
import Testing
@testable import PolicyVM

@Suite struct RegoObjectTests {
    @Test(arguments: [3, 16, 17, 40, 300])
    func behavesLikeADictionary(size: Int) {
        var object = RegoObject()
        var reference: [Value: Value] = [:]
        for i in 0..<size {
            let key: Value = i % 3 == 0 ? .int(i) : .string("key-\(i)")
            object[key] = .int(i)
            reference[key] = .int(i)
        }
        // Overwrite some, remove some, look up present and absent keys.
        for i in stride(from: 0, to: size, by: 5) {
            let key: Value = i % 3 == 0 ? .int(i) : .string("key-\(i)")
            object[key] = .string("new")
            reference[key] = .string("new")
        }
        for i in stride(from: 1, to: size, by: 7) {
            let key: Value = i % 3 == 0 ? .int(i) : .string("key-\(i)")
            #expect(object.removeValue(forKey: key) == reference.removeValue(forKey: key))
        }
        #expect(object.count == reference.count)
        for (k, v) in reference { #expect(object[k] == v) }
        #expect(object[.string("absent")] == nil)
        #expect(object[.double(1.5)] == nil)
        #expect(Set(object.keys) == Set(reference.keys))
        // 1 and 1.0 are the same key.
        if size > 3 { #expect(object[.double(3.0)] == reference[.int(3)]) }
    }

    @Test func keysComeFirstInEntries() {
        #expect(MemoryLayout<ObjectEntry>.offset(of: \.key) == ObjectEntry.keyOffset)
    }

    @Test func copiesOnWrite() {
        var a: RegoObject = ["x": 1]
        let b = a
        a["x"] = 2
        a["y"] = 3
        #expect(b["x"] == 1 && b["y"] == nil && b.count == 1)
        #expect(a["x"] == 2 && a["y"] == 3)
    }

    @Test func equalityAndHashIgnoreOrder() {
        var a = RegoObject(), b = RegoObject()
        for i in 0..<20 { a[.string("k\(i)")] = .int(i) }
        for i in (0..<20).reversed() { b[.string("k\(i)")] = .int(i) }
        #expect(Value.object(a) == Value.object(b))
        #expect(Value.object(a).hash64(seed: 3) == Value.object(b).hash64(seed: 3))
        b[.string("k0")] = .int(99)
        #expect(Value.object(a) != Value.object(b))
    }

    @Test func lookupByAPrehashedConstantMatchesPlainLookup() {
        var object = RegoObject()
        var long = String()
        long.reserveCapacity(64)
        long.append("guardrails_invoked")
        object[.string(long)] = .int(1)
        object[.string("request_type")] = .int(2)
        let keys: [Value] = ["guardrails_invoked", "request_type", "absent", .int(1)]
        keys.withUnsafeBufferPointer { p in
            for i in p.indices {
                #expect(object.lookup(keyAt: p.baseAddress! + i, hash: RegoObject.hash(of: p[i])) == object[p[i]])
            }
        }
    }

    /// A key hashed once sets exactly what the plain subscript sets, through growth past
    /// the scan limit and on a shared copy.
    @Test func hashedKeysSetLikeTheSubscript() {
        let keys = (0..<20).map { HashedKey(.string("field-\($0)")) }
        var hashed = RegoObject(minimumCapacity: 2), plain = RegoObject()
        for (i, k) in keys.enumerated() {
            hashed.set(k, .int(i))
            plain[k.key] = .int(i)
        }
        let shared = hashed
        hashed.set(keys[3], "replaced")
        plain[keys[3].key] = "replaced"
        #expect(Value.object(hashed) == Value.object(plain))
        #expect(hashed.count == 20 && shared[keys[3].key] == .int(3))
        #expect(hashed[.string("field-19")] == .int(19))
    }

    /// Absent keys miss through the key bits; a removed key's bit may stay set, and the
    /// lookup must still miss (by scanning), in small and indexed objects alike.
    @Test(arguments: [4, 40])
    func absentAndRemovedKeysMiss(size: Int) {
        var object = RegoObject()
        for i in 0..<size { object[.string("k\(i)")] = .int(i) }
        for i in 0..<500 { #expect(object[.string("absent-\(i)")] == nil) }
        object.removeValue(forKey: "k1")
        #expect(object["k1"] == nil && object["k0"] == .int(0) && object.count == size - 1)
        let copy = object
        #expect(copy["k1"] == nil && copy[.string("k\(size - 1)")] == .int(size - 1))
    }
}
