// FlatCode: a procedure's instructions in one buffer owned here, read by the VM without
// the bounds check an array subscript makes on every dispatch. The verifier checked
// every jump target once, so an address read here is always in range.

/// The instructions of one procedure, unmanaged.
final class FlatCode: @unchecked Sendable {  // immutable after init
    let base: UnsafeMutablePointer<Instruction>
    private let count: Int

    init(_ instructions: [Instruction]) {
        count = instructions.count
        base = .allocate(capacity: max(count, 1))
        base.initialize(from: instructions, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
