// Evaluating a prepared query: one fresh Evaluation per call over the shared program,
// so any number of threads may evaluate the same query at once.
#if canImport(Glibc)
import Glibc
#endif

/// The outcome of evaluating a query.
public struct QueryOutcome: Sendable {
    /// One row per solution: the values of `PreparedQuery.variables`, in order.
    public let rows: [[Value]]
    /// One row per solution: the value of each of `PreparedQuery.expressions`, in order
    /// (OPA's `expressions[].value`): what a bare expression evaluated to (`false` for
    /// `1 == 2` alone), `true` for the others.
    public let expressionValues: [[Value]]
    /// Lines written by `print`.
    public let printed: [String]
    /// Source locations that executed (empty unless `collectsCoverage` was set).
    public let covered: Set<SourceLocation>
    /// VM instructions executed (what `policy bench` reports per evaluation).
    public let instructions: Int
}

extension PreparedQuery {
    /// A query for the document at `path` below `data` (e.g. a rule's value); its one
    /// variable is `document`.
    public static func document(_ path: [String], program: Program) throws(PolicyErrors) -> PreparedQuery {
        let ref = "data" + path.map { "[" + JSONWriter.write(.string($0)) + "]" }.joined()
        return try PreparedQuery("document := \(ref)", program: program)
    }

    /// Evaluates the query; `input` nil means no input document (not `null`).
    public func evaluate(input: Value?, options: EvaluationOptions = EvaluationOptions()) throws(PolicyError) -> QueryOutcome {
        let ev = makeEvaluation(input: input, options: options)
        _ = try ev.run(procedure)
        return QueryOutcome(rows: ev.rows, expressionValues: ev.expressionRows, printed: ev.context.printed, covered: ev.covered,
                            instructions: ev.instructionLimit - ev.budget)
    }

    /// The value of a single-variable query's first solution (nil when undefined): the
    /// decision path, which needs no result rows.
    public func evaluateValue(input: Value?, options: EvaluationOptions = EvaluationOptions()) throws(PolicyError) -> Value? {
        let ev = makeEvaluation(input: input, options: options)
        ev.collectsRows = false
        _ = try ev.run(procedure)
        return ev.firstValue
    }

    func makeEvaluation(input: Value?, options: EvaluationOptions) -> Evaluation {
        // The clock is read only when the policy can ask for it (time.now_ns).
        let now = options.nowNanoseconds ?? (readsClock ? Self.nowNanoseconds() : 0)
        let ev = Evaluation(program: program, registerCount: Int(registerCount), iteratorCount: Int(iteratorCount),
                            pathSlotCount: Int(pathSlotCount), input: input, options: options, now: now)
        ev.queryRegisters = variableRegisters
        ev.expressionRegisters = expressionRegisters
        ev.loadConstantRegisters(procedure)
        return ev
    }


    static func nowNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}
