// Evaluation: `spec.evaluation` — the evaluation framework, datasets and quality gate.

/// `spec.evaluation`.
public struct Evaluation: Sendable {
    /// The evaluation tool.
    public enum Framework: String, Sendable, CaseIterable { case deepeval, braintrust, langsmith, ragas, custom }
    /// A metric the evaluation reports.
    public enum Metric: String, Sendable, CaseIterable {
        case faithfulness, answerRelevancy = "answer_relevancy", hallucination, toxicity
        case contextPrecision = "context_precision", contextRecall = "context_recall", bias, custom
    }

    public var framework: Framework
    public var datasets: [Dataset] = []
    public var metrics: [Metric] = []
    /// `thresholds` entries in document order.
    public var thresholds: [(metric: String, value: Double)] = []
    public var ciGate: Bool = false
}

/// `spec.evaluation.datasets[]`.
public struct Dataset: Sendable {
    public var name: String
    public var path: RefOrLiteral
}
