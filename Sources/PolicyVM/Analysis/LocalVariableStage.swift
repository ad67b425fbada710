// LocalVariableStage: the declaration rules (Declarations) checked for every body of
// every rule — rule bodies, `else` bodies, comprehensions and `every` bodies, in heads
// too — before the rule index and the stages after it, because OPA checks them in its
// RewriteLocalVars stage, before rule conflicts, undefined functions, safety and types:
// a program with `x := 1; x := 2` in one rule and two defaults of another gets
// `var x assigned above`, not the conflict. The compiler checks each body again as it
// compiles it (for the names it declares); this stage only decides which error wins.

enum LocalVariableStage {
    /// The first declaration error of each body, in module order.
    static func check(_ modules: [Module]) -> [PolicyError] {
        var errors: [PolicyError] = []
        for module in modules {
            for rule in module.rules {
                var arguments: Set<String> = []
                for a in rule.arguments { arguments.formUnion(Declarations.patternNames(a)) }
                let heads = [rule.key, rule.value].compactMap { $0 } + rule.nestedKeys + rule.elseBranches.map(\.value)
                for t in heads { nestedBodies(t, arguments, &errors) }
                for body in [rule.body] + rule.elseBranches.map(\.body) { check(body, arguments, &errors) }
            }
        }
        return errors
    }

    private static func check(_ body: [Literal], _ arguments: Set<String>, _ errors: inout [PolicyError]) {
        do { _ = try Declarations.check(body, argumentNames: arguments) } catch { errors.append(error) }
        for l in body {
            for w in l.withModifiers { nestedBodies(w.value, arguments, &errors) }
            switch l.kind {
            case .expression(let t): nestedBodies(t, arguments, &errors)
            case .assignment(let a, let b), .unification(let a, let b):
                nestedBodies(a, arguments, &errors)
                nestedBodies(b, arguments, &errors)
            case .someDeclaration(let ts): for t in ts { nestedBodies(t, arguments, &errors) }
            case .someIn(let k, let v, let c): for t in [k, v, c].compactMap({ $0 }) { nestedBodies(t, arguments, &errors) }
            case .every(_, _, let c, let inner):
                nestedBodies(c, arguments, &errors)
                check(inner, arguments, &errors)
            }
        }
    }

    /// Checks the comprehension bodies inside a term.
    private static func nestedBodies(_ t: Term, _ arguments: Set<String>, _ errors: inout [PolicyError]) {
        switch t.kind {
        case .scalar, .variable: break
        case .ref(let h, let steps): for x in [h] + steps { nestedBodies(x, arguments, &errors) }
        case .array(let items), .set(let items): for x in items { nestedBodies(x, arguments, &errors) }
        case .object(let pairs):
            for p in pairs {
                nestedBodies(p.key, arguments, &errors)
                nestedBodies(p.value, arguments, &errors)
            }
        case .arrayComprehension(let head, let body), .setComprehension(let head, let body):
            nestedBodies(head, arguments, &errors)
            check(body, arguments, &errors)
        case .objectComprehension(let k, let v, let body):
            nestedBodies(k, arguments, &errors)
            nestedBodies(v, arguments, &errors)
            check(body, arguments, &errors)
        case .call(_, let args): for x in args { nestedBodies(x, arguments, &errors) }
        case .binary(_, let a, let b):
            nestedBodies(a, arguments, &errors)
            nestedBodies(b, arguments, &errors)
        case .unaryMinus(let a): nestedBodies(a, arguments, &errors)
        case .membership(let k, let v, let c): for x in [k, v, c].compactMap({ $0 }) { nestedBodies(x, arguments, &errors) }
        }
    }
}
