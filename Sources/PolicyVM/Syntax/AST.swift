// AST: the parsed form of Rego modules and queries. Every node carries its source
// location. The parser produces it; the analysis passes read it (and rewrite names);
// the compiler turns it into instructions. It knows nothing of evaluation.

/// A binary operator written infix.
enum BinaryOperator: String, Sendable, CaseIterable {
    case plus = "+", minus = "-", multiply = "*", divide = "/", remainder = "%"
    case union = "|", intersection = "&"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="

    /// The builtin OPA rewrites the operator to (its name in type errors).
    var builtinName: String {
        switch self {
        case .plus: return "plus"
        case .minus: return "minus"
        case .multiply: return "mul"
        case .divide: return "div"
        case .remainder: return "rem"
        case .union: return "or"
        case .intersection: return "and"
        case .equal: return "equal"
        case .notEqual: return "neq"
        case .less: return "lt"
        case .lessEqual: return "lte"
        case .greater: return "gt"
        case .greaterEqual: return "gte"
        }
    }

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
        default: return false
        }
    }
}

/// A term: a value-producing piece of an expression.
struct Term: Sendable {
    indirect enum Kind: Sendable {
        /// null, boolean, number or string.
        case scalar(Value)
        case variable(String)
        /// `head.a[b]...`: the head (a variable, call or composite) and the path steps.
        case ref(Term, [Term])
        case array([Term])
        case set([Term])
        case object([(key: Term, value: Term)])
        case arrayComprehension(Term, [Literal])
        case setComprehension(Term, [Literal])
        case objectComprehension(key: Term, value: Term, [Literal])
        /// A call by dotted name (`count`, `object.get`, `data.lib.f`, `lib.f`).
        case call([String], [Term])
        case binary(BinaryOperator, Term, Term)
        case unaryMinus(Term)
        /// `x in xs` or `k, v in xs` used as a value (true or false).
        case membership(key: Term?, value: Term, collection: Term)
    }

    var kind: Kind
    let location: SourceLocation

    init(_ kind: Kind, _ location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    var variableName: String? {
        if case .variable(let n) = kind { return n }
        return nil
    }

    var isWildcard: Bool { variableName.map { $0 == "_" || $0.hasPrefix("$") } ?? false }

    var scalarValue: Value? {
        if case .scalar(let v) = kind { return v }
        return nil
    }

    /// Whether OPA's parser holds the term as a ref: a path, or `input` or `data` alone.
    var isRefTerm: Bool {
        switch kind {
        case .ref: return true
        case .variable(let n): return n == "input" || n == "data"
        default: return false
        }
    }

    /// The dotted name a variable or a reference with string steps spells: `f`,
    /// `object.get`, `data.lib.f` (what a call or a `with` names).
    var dottedName: [String]? {
        switch kind {
        case .variable(let n): return [n]
        case .ref(let head, let steps):
            guard let root = head.variableName else { return nil }
            var name = [root]
            for step in steps {
                guard case .scalar(.string(let s)) = step.kind else { return nil }
                name.append(s)
            }
            return name
        default: return nil
        }
    }
}

/// `with <target> as <value>`.
struct WithModifier: Sendable {
    /// The replaced document: `input`, `input.a.b`, `data.x.y` (a ref term).
    var target: Term
    var value: Term
    let location: SourceLocation
}

/// One expression of a body, possibly negated, with its `with` modifiers.
struct Literal: Sendable {
    indirect enum Kind: Sendable {
        /// An expression that must be defined and not false.
        case expression(Term)
        /// `lhs := rhs`: declares the variables of `lhs`.
        case assignment(Term, Term)
        /// `lhs = rhs`: unification.
        case unification(Term, Term)
        /// `some x, y`.
        case someDeclaration([Term])
        /// `some x in xs` / `some k, v in xs`.
        case someIn(key: Term?, value: Term, collection: Term)
        /// `every x in xs { body }` / `every k, v in xs { body }`.
        case every(key: Term?, value: Term, collection: Term, body: [Literal])
    }

    var kind: Kind
    var isNegated: Bool
    var withModifiers: [WithModifier]
    let location: SourceLocation
}

/// What a rule defines.
enum RuleKind: Sendable {
    /// `p := v` / `p if {…}`: one value.
    case complete
    /// `p contains x if {…}`.
    case partialSet
    /// `p[k] := v if {…}`.
    case partialObject
    /// `f(a, b) := v if {…}`.
    case function
}

/// One `else` branch of a rule.
struct ElseBranch: Sendable {
    var value: Term
    var body: [Literal]
    let location: SourceLocation
}

/// One rule definition as written.
struct Rule: Sendable {
    var kind: RuleKind
    /// The path below the package: `["p"]`, or `["a", "b", "c"]` for `a.b.c := 1`.
    var path: [String]
    var isDefault: Bool
    /// Function arguments.
    var arguments: [Term]
    /// Partial object key / partial set element.
    var key: Term?
    /// Partial objects nested by more keys (`p[a][b] := v`): the keys after `key`.
    var nestedKeys: [Term] = []
    /// A `contains` rule below keys that are not all strings (`q[a] contains x`, OPA's
    /// multi-value rule with a ref head): a partial object whose entry at `key` (and
    /// `nestedKeys`) is a set collecting `value`.
    var isMultiValueEntry = false
    /// The value (`true` when the head gives none).
    var value: Term
    /// True when written with `:=` (a value a body may not unify with twice).
    var isAssignment: Bool
    var body: [Literal]
    var elseBranches: [ElseBranch]
    let location: SourceLocation
}

/// `import data.x.y as z`.
struct Import: Sendable {
    /// The imported path, e.g. ["data", "lib", "x"] or ["input", "user"].
    var path: [String]
    var alias: String
    let location: SourceLocation
}

/// One expression of a query as written: OPA reports each with its text and location.
public struct QueryTerm: Sendable {
    let literal: Literal
    /// The expression's source text, `with` modifiers included.
    public let text: String
    public var location: SourceLocation { literal.location }
}

/// A parsed module.
struct Module: Sendable {
    var file: String
    var package: [String]
    var imports: [Import]
    var rules: [Rule]
    let location: SourceLocation
}

extension Term {
    /// A reference (`a.b`, `x[y]`).
    var isReference: Bool {
        if case .ref = kind { return true }
        return false
    }
}
