// Helpers for builtin tests: call a builtin by name the way the VM does, and the
// shapes of table rows (a result, or an error kind and OPA's exact message).
@testable import PolicyVM

enum Call {
    /// Calls builtin `name` with `args`; the registry must have it.
    static func run(_ name: String, _ args: [Value], now: Int64 = 0) throws(BuiltinError) -> Value? {
        guard let b = BuiltinRegistry.lookup(name) else { throw BuiltinError(.builtin, "no builtin \(name)") }
        var context = BuiltinContext(nowNanoseconds: now)
        return try b.body(args, &context)
    }

    /// The error the call throws, or nil when it succeeds.
    static func error(_ name: String, _ args: [Value]) -> BuiltinError? {
        do {
            _ = try run(name, args)
            return nil
        } catch {
            return error
        }
    }
}

/// One call and the value it must give (nil: undefined).
struct ResultCase: CustomTestStringConvertible, Sendable {
    let name: String
    let args: [Value]
    let expected: Value?
    init(_ name: String, _ args: [Value], _ expected: Value?) {
        (self.name, self.args, self.expected) = (name, args, expected)
    }
    var testDescription: String { "\(name)(\(args.map(\.regoText).joined(separator: ", ")))" }
}

/// One call and the error it must raise.
struct ErrorCase: CustomTestStringConvertible, Sendable {
    let name: String
    let args: [Value]
    let kind: BuiltinError.Kind
    let message: String
    init(_ name: String, _ args: [Value], _ kind: BuiltinError.Kind, _ message: String) {
        (self.name, self.args, self.kind, self.message) = (name, args, kind, message)
    }
    var testDescription: String { "\(name)(\(args.map(\.regoText).joined(separator: ", "))) fails" }
}

import Testing

/// Checks a result row: same value, and for numbers the same int/double kind.
func check(_ c: ResultCase, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    do {
        let got = try Call.run(c.name, c.args)
        #expect(got == c.expected, "\(c.testDescription)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("\(c.testDescription) threw \(error.message)", sourceLocation: sourceLocation)
    }
}

func check(_ c: ErrorCase, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let e = Call.error(c.name, c.args)
    #expect(e == BuiltinError(c.kind, c.message), "\(c.testDescription)", sourceLocation: sourceLocation)
}

/// A set literal for tables.
func set(_ items: Value...) -> Value { .set(Set(items)) }
