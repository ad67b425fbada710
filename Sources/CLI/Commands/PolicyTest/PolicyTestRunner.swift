// PolicyTestRunner: finds the tests of a compiled program and runs them one by one, like
// `opa test`. A test is a complete rule whose name starts with `test_`; it passes when it
// is defined and true. `todo_test_` rules are skipped. Invariant: every test gets exactly
// one result; an error, a timeout or an instruction-limit hit fails that test only.
import AgentSpec
import Dispatch
import PolicyVM
import Synchronization

/// One test rule found in the program.
struct PolicyTestCase: Sendable {
    /// The rule's path below `data`, e.g. ["agentspec", "test_x"].
    let path: [String]
    /// Where the rule is defined (its first instruction's location).
    let location: SourceLocation?
    let isTodo: Bool

    var name: String { path.last ?? "" }
    /// `data.pkg`, as OPA prints the package.
    var package: String { "data." + path.dropLast().joined(separator: ".") }
    var fullName: String { package + "." + name }
    /// `file:line`, as the report prints it.
    var place: String { location.map { "\($0.file):\($0.line)" } ?? "?" }
}

/// How one test ended.
enum PolicyTestOutcome: Sendable {
    case passed
    /// Evaluated to false, or to a value other than true.
    case failedFalse(Value)
    case failedUndefined
    case errored(PolicyError)
    case timedOut(Double)
    case skipped

    var isFailure: Bool {
        switch self {
        case .passed, .skipped: return false
        default: return true
        }
    }
}

/// A test, how it ended, what it printed and how long it took.
struct PolicyTestResult: Sendable {
    let test: PolicyTestCase
    let outcome: PolicyTestOutcome
    let printed: [String]
    let durationNanoseconds: UInt64
    let covered: Set<SourceLocation>
    /// For a test that was undefined: the expression its body stopped at (--explain fails).
    var failure: FailedExpression? = nil
}

/// Discovers and runs tests.
struct PolicyTestRunner {
    let program: Program
    /// Seconds one test may take before it is reported as failed.
    let timeoutSeconds: Double
    let collectsCoverage: Bool

    /// Every test (and todo test) rule, ordered by file and line.
    func tests(matching filter: ((String) -> Bool)? = nil) -> [PolicyTestCase] {
        var found: [PolicyTestCase] = []
        for info in program.ruleSets {
            guard case .complete = info.kind, let name = info.path.last else { continue }
            let isTodo = name.hasPrefix("todo_test_")
            guard name.hasPrefix("test_") || isTodo else { continue }
            // The head is the earliest line of the rule's code in its first file.
            let locations = program.procedures[Int(info.procedure)].locations.filter { $0.line > 0 }
            let location = locations.first.flatMap { first in
                locations.filter { $0.file == first.file }.min { ($0.line, $0.column) < ($1.line, $1.column) }
            }
            let test = PolicyTestCase(path: info.path, location: location, isTodo: isTodo)
            if let filter, !filter(test.fullName) { continue }
            found.append(test)
        }
        return found.sorted {
            ($0.location?.file ?? "", $0.location?.line ?? 0, $0.fullName) < ($1.location?.file ?? "", $1.location?.line ?? 0, $1.fullName)
        }
    }

    func run(_ test: PolicyTestCase) -> PolicyTestResult {
        if test.isTodo {
            return PolicyTestResult(test: test, outcome: .skipped, printed: [], durationNanoseconds: 0, covered: [])
        }
        let query: PreparedQuery
        do { query = try PreparedQuery.document(test.path, program: program) } catch {
            let first = error.errors.first ?? PolicyError(.compile, "cannot compile the test query")
            return PolicyTestResult(test: test, outcome: .errored(first), printed: [], durationNanoseconds: 0, covered: [])
        }
        var settings = EvaluationOptions()
        settings.collectsCoverage = collectsCoverage
        let options = settings
        let finished = Mutex<PolicyTestResult?>(nil)
        let done = DispatchSemaphore(value: 0)
        let start = DispatchTime.now().uptimeNanoseconds
        let work: @Sendable () -> Void = {
            let result = Self.evaluate(test, query, options, start: start)
            finished.withLock { $0 = result }
            done.signal()
        }
        // The evaluation runs on its own thread so a slow test can be abandoned at the
        // deadline; the VM's instruction limit ends it soon after.
        DispatchQueue.global().async(execute: work)
        if done.wait(timeout: .now() + timeoutSeconds) == .timedOut {
            return PolicyTestResult(test: test, outcome: .timedOut(timeoutSeconds), printed: [],
                                    durationNanoseconds: DispatchTime.now().uptimeNanoseconds - start, covered: [])
        }
        let result = finished.withLock { $0 } ?? PolicyTestResult(test: test, outcome: .failedUndefined, printed: [],
                                                                  durationNanoseconds: 0, covered: [])
        // A test that ran past its deadline timed out, even when it ended before this
        // thread got to wait (a loaded machine can run the whole test first).
        if Double(result.durationNanoseconds) > timeoutSeconds * 1e9 {
            return PolicyTestResult(test: test, outcome: .timedOut(timeoutSeconds), printed: [],
                                    durationNanoseconds: result.durationNanoseconds, covered: [])
        }
        return result
    }

    /// The expression an undefined test stopped at, found in its source file.
    func explain(_ result: PolicyTestResult, sources: [PolicySource]) -> FailedExpression? {
        guard case .failedUndefined = result.outcome, let file = result.test.location?.file,
              let source = sources.first(where: { $0.name == file }) else { return nil }
        return FailedExpression.find(rule: result.test.path, source: (source.name, source.text), program: program)
    }

    private static func evaluate(_ test: PolicyTestCase, _ query: PreparedQuery, _ options: EvaluationOptions,
                                 start: UInt64) -> PolicyTestResult {
        let outcome: PolicyTestOutcome
        var printed: [String] = []
        var covered: Set<SourceLocation> = []
        do {
            let result = try query.evaluate(input: nil, options: options)
            printed = result.printed
            covered = result.covered
            if let value = result.rows.first?.first {
                outcome = value.isTrue ? .passed : .failedFalse(value)
            } else {
                outcome = .failedUndefined
            }
        } catch {
            outcome = .errored(error)
        }
        return PolicyTestResult(test: test, outcome: outcome, printed: printed,
                                durationNanoseconds: DispatchTime.now().uptimeNanoseconds - start, covered: covered)
    }
}
