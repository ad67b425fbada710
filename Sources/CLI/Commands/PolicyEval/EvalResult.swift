// EvalResult: one solution of a query as `opa eval` reports it (rego.Result): the value
// of every query expression with its text and location, and the query's variable
// bindings. Built from the VM's QueryOutcome; the formats in EvalOutput print it.
import PolicyVM

struct EvalResult {
    struct Expression {
        let value: Value
        let text: String
        let row: Int
        let col: Int
    }

    let expressions: [Expression]
    /// Sorted by name (Go prints a map's keys sorted).
    let bindings: [(name: String, value: Value)]

    /// One result per solution, in the VM's order.
    static func results(_ prepared: PreparedQuery, _ outcome: QueryOutcome) -> [EvalResult] {
        zip(outcome.rows, outcome.expressionValues).map { row, values in
            let expressions = zip(prepared.expressions, values).map { term, value in
                Expression(value: value, text: term.text, row: term.location.line, col: term.location.column)
            }
            let bindings = zip(prepared.variables, row).map { (name: $0, value: $1) }
                .sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
            return EvalResult(expressions: expressions, bindings: bindings)
        }
    }
}
