// Builtin work: builtins on large values and set algebra are charged their operands'
// and results' sizes against the evaluation's work limit, so no single evaluation does
// unbounded work inside instructions the instruction budget counts once. Counted steps,
// never time: each case runs under a small limit it must exceed (a clean
// eval_limit_error naming the builtin and the limit, strict or not) and under one it
// fits.
import Testing
@testable import PolicyVM

@Suite struct BuiltinWorkTests {
    static func evaluate(_ body: String, input: Value, workLimit: Int, strict: Bool = false) throws(PolicyError) -> Value? {
        let program: Program
        let query: PreparedQuery
        do {
            program = try PolicyCompiler.compile([("w.rego", "package w\nx := " + body)])
            query = try PreparedQuery.document(["w", "x"], program: program)
        } catch {
            Issue.record("does not compile: \(error)")
            return nil
        }
        var options = EvaluationOptions(strictBuiltinErrors: strict)
        options.builtinWorkLimit = workLimit
        return try query.evaluateValue(input: input, options: options)
    }

    static let strings: Value = ["xs": .array((0..<10_000).map { .string("item-\($0)") })]
    static let deep: Value = ["doc": ["a": .array((0..<3_000).map { ["k": .int($0)] })]]
    static let numbers: Value = ["xs": .array((0..<2_000).map { .int($0) })]

    @Test(arguments: [
        // (policy, input, the builtin the error names, a limit it exceeds, a limit it fits)
        (#"count(concat(",", input.xs))"#, Self.strings, "concat", 50_000, 200_000),
        (#"count(sprintf("%v", [input.xs]))"#, Self.strings, "sprintf", 50_000, 400_000),
        ("count(json.marshal(input.xs))", Self.strings, "json.marshal", 50_000, 400_000),
        ("count(array.concat(input.xs, input.xs))", Self.strings, "array.concat", 30_000, 100_000),
        // A deep value, small at the top: the result shows the work.
        ("count(json.marshal(input.doc))", Self.deep, "json.marshal", 5_000, 100_000),
        ("count(object.union({x: 1 | some x in input.xs}, {x: 2 | some x in input.xs}))", Self.numbers, "object.union", 5_000, 50_000),
        ("count([1 | some i in numbers.range(1, 50); s := {x | some x in input.xs} | {i}])", Self.numbers, "or", 100_000, 1_000_000),
    ])
    func largeValuesUseUpTheLimit(policy: String, input: Value, builtin: String, exceeded: Int, fits: Int) throws {
        for strict in [false, true] {
            do {
                _ = try Self.evaluate(policy, input: input, workLimit: exceeded, strict: strict)
                Issue.record("\(policy) stayed within \(exceeded) steps")
            } catch {
                #expect(error.code == .limit)
                #expect(error.message == "\(builtin): builtins exceeded the evaluation's work limit of \(exceeded) steps")
            }
        }
        #expect(try Self.evaluate(policy, input: input, workLimit: fits) != nil)
    }

    @Test func lookupsAreChargedForTheirResultAlone() throws {
        // 2,000 lookups in a 2,000-entry object: charged by operand size, 4,000,000 steps.
        let input: Value = ["o": .object(RegoObject(Dictionary(uniqueKeysWithValues: (0..<2_000).map { (Value.string("k\($0)"), Value.int(1)) })))]
        #expect(try Self.evaluate("sum([object.get(input.o, k, 0) | some k, _ in input.o])", input: input, workLimit: 10_000) == .int(2_000))
    }

    @Test func comprehensionBuildingIsBoundedByTheInstructionBudget() {
        let program = try? PolicyCompiler.compile([("w.rego", "package w\nx := count([x | some x in numbers.range(1, 100000)])")])
        let query = program.flatMap { try? PreparedQuery.document(["w", "x"], program: $0) }
        do {
            _ = try query?.evaluateValue(input: nil, options: EvaluationOptions(instructionLimit: 50_000))
            Issue.record("a 100,000-element comprehension ran within 50,000 instructions")
        } catch {
            #expect(error.code == .limit)
            #expect(error.message == "evaluation exceeded the limit of 50000 instructions")
        }
    }
}
