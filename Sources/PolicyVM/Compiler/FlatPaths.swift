// FlatPaths: a procedure's constant paths in three flat buffers, owned here. The VM
// reads a path on every path-slot fill; reading it from `[ConstantPath]` (an array of
// structs of two arrays) retains and releases both inner arrays each time.

/// The steps and step hashes of every constant path of one procedure.
final class FlatPaths: @unchecked Sendable {  // immutable after init
    private let starts: UnsafeMutablePointer<Int>
    private let steps: UnsafeMutablePointer<Value>
    private let hashes: UnsafeMutablePointer<UInt64>
    private let stepCount: Int

    init(_ paths: [ConstantPath]) {
        stepCount = paths.reduce(0) { $0 + $1.steps.count }
        starts = .allocate(capacity: paths.count + 1)
        steps = .allocate(capacity: max(stepCount, 1))
        hashes = .allocate(capacity: max(stepCount, 1))
        var next = 0
        for (i, path) in paths.enumerated() {
            starts[i] = next
            for (step, hash) in zip(path.steps, path.hashes) {
                (steps + next).initialize(to: step)
                hashes[next] = hash
                next += 1
            }
        }
        starts[paths.count] = next
    }

    deinit {
        steps.deinitialize(count: stepCount)
        steps.deallocate()
        hashes.deallocate()
        starts.deallocate()
    }

    /// Path `index`: its steps and their hashes, valid while this table lives.
    @inline(__always) func path(_ index: Int) -> (steps: UnsafeBufferPointer<Value>, hashes: UnsafePointer<UInt64>) {
        let start = starts[index]
        return (UnsafeBufferPointer(start: steps + start, count: starts[index + 1] - start), UnsafePointer(hashes + start))
    }
}
