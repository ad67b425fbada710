// InfixCall: the calls OPA writes with an operator between their operands — the
// operators themselves (`a + b`), the builtins they stand for called by name
// (`plus(a, b)` is `a + b`, `plus(a, b, x)` is `x = a + b`), and membership
// (`x in xs`, `internal.member_2(x, xs)`). Precedences are the parser's, lowest first.

enum InfixCall {
    case binary(InfixOperator, Term, Term)
    /// A builtin called with its result as the last argument.
    case assigned(InfixOperator, Term, Term, result: Term)
    /// `x in xs` or `k, v in xs` (the operands in that order).
    case membership([Term])

    init?(_ t: Term) {
        switch t.kind {
        case .binary(let op, let lhs, let rhs):
            self = .binary(InfixOperator(op), lhs, rhs)
        case .membership(let key, let value, let collection):
            self = .membership([key, value, collection].compactMap { $0 })
        case .call(let name, let args):
            let dotted = name.joined(separator: ".")
            if dotted == "internal.member_2" && args.count == 2 || dotted == "internal.member_3" && args.count == 3 {
                self = .membership(args)
                return
            }
            guard let op = InfixOperator(builtin: dotted) else { return nil }
            switch args.count {
            case 2: self = .binary(op, args[0], args[1])
            case 3: self = .assigned(op, args[0], args[1], result: args[2])
            default: return nil
            }
        default:
            return nil
        }
    }

    /// How tightly the call binds: `in` loosest, then comparisons, `|`, `&`, `+ -`,
    /// `* / %`; `=` and `:=` only ever stand at the top of an expression.
    var precedence: Int {
        switch self {
        case .binary(let op, _, _), .assigned(let op, _, _, _): return op.precedence
        case .membership: return 0
        }
    }
}

/// An infix operator as written.
struct InfixOperator {
    let text: String
    let precedence: Int

    init(text: String, precedence: Int) {
        self.text = text
        self.precedence = precedence
    }

    init(_ op: BinaryOperator) {
        switch op {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: self.init(text: op.rawValue, precedence: 1)
        case .union: self.init(text: op.rawValue, precedence: 2)
        case .intersection: self.init(text: op.rawValue, precedence: 3)
        case .plus, .minus: self.init(text: op.rawValue, precedence: 4)
        case .multiply, .divide, .remainder: self.init(text: op.rawValue, precedence: 5)
        }
    }

    /// The operator a builtin stands for (`plus` is `+`), or nil.
    init?(builtin name: String) {
        if let op = BinaryOperator.allCases.first(where: { $0.builtinName == name }) {
            self.init(op)
        } else if name == "eq" {
            self.init(text: "=", precedence: -1)
        } else if name == "assign" {
            self.init(text: ":=", precedence: -1)
        } else {
            return nil
        }
    }
}
