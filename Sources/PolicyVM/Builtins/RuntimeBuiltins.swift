// Runtime builtins: trace(note) and opa.runtime().
// trace is true for any string, as in OPA; OPA hands the note to its tracers (`opa eval
// --explain notes`), and this VM keeps no trace, so the note goes nowhere (print() is
// the way to see a value here: `policy test --explain notes`).
// opa.runtime() is {} — what OPA's embedded engine (the Go rego package with no
// runtime attached) answers. An OPA server would add env, config, version and commit;
// the sidecar gives none of them on purpose: its environment holds tokens and its
// configuration the control plane's secrets, which a policy must not be able to read,
// log or return. Invariant: both answer as the embedded OPA engine answers.

enum RuntimeBuiltins {
    static let all: [Builtin] = [trace, runtime]

    static let trace = builtin("trace") { ops throws(BuiltinError) in
        _ = try ops.string(1)
        return .true
    }

    static let runtime = builtin("opa.runtime") { _ throws(BuiltinError) in .object([:]) }
}
