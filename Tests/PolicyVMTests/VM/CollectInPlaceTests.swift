// Collections built in place: a comprehension's accumulator grows in its register
// without being copied per element (the copy made `count([x | some x in xs])`
// quadratic). Counted, not timed: while the storage has room, an in-place append keeps
// the same storage, and a copy moves it (the copy is made while the old storage is
// still alive, so each step's storage differs from the step before).
import Testing
@testable import PolicyVM

@Suite struct CollectInPlaceTests {
    static func evaluation() throws -> Evaluation {
        let program = try PolicyCompiler.compile([("p.rego", "package p\nx := 1")])
        return try PreparedQuery("x := data.p.x", program: program).makeEvaluation(input: nil, options: EvaluationOptions())
    }

    static let here = SourceLocation(file: "t.rego", line: 1, column: 1)

    /// How many of `steps` collect steps moved the accumulator's storage (`identity`
    /// names it without keeping it alive).
    static func moves(_ ev: Evaluation, steps: Int, identity: () -> UInt?, step: (Int) throws -> Void) rethrows -> Int {
        var moved = 0
        var last = identity()
        for i in 0..<steps {
            try step(i)
            let now = identity()
            if now != last { moved += 1 }
            last = now
        }
        return moved
    }

    @Test func arrayAccumulatorKeepsItsStorage() throws {
        let ev = try Self.evaluation()
        var start: [Value] = []
        start.reserveCapacity(256)
        ev.registers[0] = .array(start)
        start = []
        let moved = try Self.moves(ev, steps: 200, identity: {
            guard case .array(let a) = ev.registers[0] else { return nil }
            return a.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        }, step: { i in try ev.collect(into: 0, key: -1, value: .int(i), at: Self.here) })
        #expect(moved == 0)
        #expect(ev.registers[0].collectionCount == 200)
    }

    @Test func setAccumulatorKeepsItsStorage() throws {
        let ev = try Self.evaluation()
        ev.registers[0] = .set(Set(minimumCapacity: 256))
        let moved = try Self.moves(ev, steps: 200, identity: {
            guard case .set(let s) = ev.registers[0] else { return nil }
            return unsafeBitCast(s, to: UInt.self)  // a set is one reference to its storage
        }, step: { i in try ev.collect(into: 0, key: -1, value: .int(i), at: Self.here) })
        #expect(moved == 0)
        #expect(ev.registers[0].collectionCount == 200)
    }

    @Test func objectAccumulatorKeepsItsStorageAndReportsConflicts() throws {
        let ev = try Self.evaluation()
        ev.registers[0] = .object(RegoObject(minimumCapacity: 256))
        let moved = try Self.moves(ev, steps: 200, identity: {
            guard case .object(let o) = ev.registers[0] else { return nil }
            return UInt(bitPattern: ObjectIdentifier(o.storage).hashValue)
        }, step: { i in
            ev.registers[1] = .string("k\(i)")
            try ev.collect(into: 0, key: 1, value: .int(i), at: Self.here)
        })
        #expect(moved == 0)
        #expect(ev.registers[0].collectionCount == 200)
        ev.registers[1] = .string("k3")
        try ev.collect(into: 0, key: 1, value: .int(3), at: Self.here)  // the same entry again: no conflict
        #expect(throws: PolicyError.self) { try ev.collect(into: 0, key: 1, value: .int(4), at: Self.here) }
        #expect(ev.registers[0].collectionCount == 200)
    }
}
