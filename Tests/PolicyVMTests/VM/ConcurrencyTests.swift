// One compiled program, evaluated from many threads at once, gives every thread the
// answer it would get alone (the program is shared and read-only).
import Testing
import Dispatch
@testable import PolicyVM

@Suite struct ConcurrencyTests {
    @Test func concurrentEvaluationsAgree() throws {
        let program = try PolicyCompiler.compile([("p.rego", """
            package p
            deny contains t if { some t in input.tools; not t in data.allowed }
            """)], data: ["allowed": ["a"]])
        let q = try PreparedQuery.document(["p", "deny"], program: program)
        let wrong = Counter()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for i in 0..<500 {
                let tool = "t\(worker)-\(i)"
                let v = try? q.evaluateValue(input: ["tools": [.string(tool), "a"]])
                if v != .set([.string(tool)]) { wrong.increment() }
            }
        }
        #expect(wrong.value == 0)
    }
}

/// A thread-safe counter for the test above.
final class Counter: @unchecked Sendable {
    private let lock = DispatchSemaphore(value: 1)
    private var count = 0
    func increment() { lock.wait(); count += 1; lock.signal() }
    var value: Int { lock.wait(); defer { lock.signal() }; return count }
}
