// QueryEvaluator: evaluates one prepared query again and again on one thread, reusing
// its register file, iterator slots and memo between decisions. The sidecar keeps one
// per worker thread; sharing one between threads is a bug (it is not Sendable).

/// A reusable, single-threaded evaluator of one query.
public final class QueryEvaluator {
    public let query: PreparedQuery
    private let evaluation: Evaluation
    private let options: EvaluationOptions

    public init(_ query: PreparedQuery, options: EvaluationOptions = EvaluationOptions()) {
        self.query = query
        self.options = options
        self.evaluation = query.makeEvaluation(input: nil, options: options)
        evaluation.collectsRows = false
    }

    /// The value of the query's first variable in its first solution (nil: undefined).
    public func evaluateValue(input: Value?) throws(PolicyError) -> Value? {
        evaluation.reset(input: input, options: options,
                         now: options.nowNanoseconds ?? (query.readsClock ? PreparedQuery.nowNanoseconds() : 0))
        // The input is let go once answered: a caller that reuses its input document can
        // then change it in place (it is uniquely referenced again) for the next decision.
        defer { evaluation.input = nil }
        _ = try evaluation.run(query.procedure)
        return evaluation.firstValue
    }
}
