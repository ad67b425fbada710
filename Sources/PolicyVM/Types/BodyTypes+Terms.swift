// BodyTypes, terms: the type of each term, the checks of calls against declarations,
// and unification, as OPA's checker does them after its rewrites (a nested call is an
// expression of its own whose output variable takes the result type; `-x` is
// `minus(0, x)`; `a == b` is `equal(a, b)`). Invariant: an unbound variable has no
// type, and unifying it with a type binds it (that is how uses infer types).

extension BodyTypes {
    /// The type of a term in a value position (nil: unknown); reports what it checks.
    func value(_ t: Term) -> RegoType? {
        if let v = ConstantFolding.value(of: t) { return .of(v) }
        switch t.kind {
        case .scalar(let v):
            return .of(v)
        case .variable:
            return reference(head: t, steps: [])
        case .ref(let head, let steps):
            return reference(head: head, steps: steps)
        case .array(let items):
            return .array(items.map { value($0) ?? .any }, nil)
        case .set(let items):
            return .set(items.reduce(RegoType?.none) { RegoType.or($0, value($1)) } ?? .any)
        case .object(let pairs):
            return objectType(pairs.map { ($0.key, value($0.key), value($0.value)) })
        case .arrayComprehension(let head, let body):
            return nested { () -> RegoType? in
                checkBody(body, heads: [head])
                return value(head).map { .array($0) }
            }
        case .setComprehension(let head, let body):
            return nested { () -> RegoType? in
                checkBody(body, heads: [head])
                return value(head).map { .set($0) }
            }
        case .objectComprehension(let key, let head, let body):
            return nested { () -> RegoType? in
                checkBody(body, heads: [key, head])
                guard let k = value(key), let v = value(head) else { return nil }
                return .object(key: k, value: v)
            }
        case .call(let name, let args):
            return call(name, args, at: t.location, nested: true)
        case .binary(let op, let a, let b):
            return call([op.builtinName], [a, b], at: t.location, nested: true)
        case .unaryMinus(let a):
            return call(["minus"], [Term(.scalar(.int(0)), t.location), a], at: t.location, nested: true)
        case .membership(let k, let v, let c):
            if let k { _ = value(k) }
            _ = value(v)
            _ = value(c)
            return .boolean
        }
    }

    /// An object literal's type: constant keys are known properties, the last other
    /// pair gives the dynamic part (as OPA types object terms).
    private func objectType(_ pairs: [(Term, RegoType?, RegoType?)]) -> RegoType {
        var props: [ObjectProperty] = []
        var dynamic: DynamicProperty?
        for (keyTerm, k, v) in pairs {
            if let key = ConstantFolding.value(of: keyTerm) {
                props.removeAll { $0.key == key }
                props.append(ObjectProperty(key, v ?? .any))
            } else {
                dynamic = DynamicProperty(k ?? .any, v ?? .any)
            }
        }
        if props.isEmpty && dynamic == nil { return .anyObject }
        return .object(props.sorted { $0.key < $1.key }, dynamic)
    }

    /// The type of a unification operand: like `value`, except that an unbound variable
    /// (or a composite holding one) has no type yet.
    func operandType(_ t: Term) -> RegoType? {
        switch t.kind {
        case .variable(let n) where isLocal(n):
            return typeOf(n)
        case .array(let items):
            if ConstantFolding.value(of: t) != nil { return value(t) }
            var types: [RegoType] = []
            for i in items { guard let x = operandType(i) else { return nil }; types.append(x) }
            return .array(types, nil)
        case .object(let pairs):
            if ConstantFolding.value(of: t) != nil { return value(t) }
            var typed: [(Term, RegoType?, RegoType?)] = []
            for p in pairs {
                guard let v = operandType(p.value) else { return nil }
                typed.append((p.key, value(p.key), v))
            }
            return objectType(typed)
        case .set(let items):
            if ConstantFolding.value(of: t) != nil { return value(t) }
            // Unlike an array's or an object's, a set's unknown element leaves it known:
            // OPA joins the element types it knows, and a set of none is a set of any.
            return .set(items.reduce(RegoType?.none) { RegoType.or($0, operandType($1)) } ?? .any)
        default:
            return value(t)
        }
    }

    // MARK: - Calls

    func target(_ name: [String]) -> CallTarget? {
        CallTarget.resolve(name, head: resolve(name[0]), in: checker.index)
    }

    func arity(_ name: [String]) -> Int? {
        target(name)?.arity(in: checker.index)
    }

    /// Checks a call's operands against its declaration; its result type. A nested call
    /// has an output operand of its own, unknown until the call is checked.
    func call(_ name: [String], _ args: [Term], at location: SourceLocation, nested: Bool) -> RegoType? {
        let display: String
        let f: FunctionType
        var isUserFunction = false
        switch target(name) {
        case .unification? where args.count == 2:
            unify(args[0], args[1], at: location)
            return .boolean
        case .builtin(let b)?:
            display = b.name
            f = b.signature
        case .function(let i)?:
            guard case .function(let inferred)? = checker.ruleTypes[i] else {
                for a in args { _ = value(a) }
                return .any
            }
            display = checker.index.ruleSets[i].dottedName
            f = inferred
            isUserFunction = true
        case .print? where nested:
            // A function without a result has no value to use (OPA's CheckVoidCalls).
            checker.report(TypeErrors.voidCall(TermText.text(Term(.call(name, args), location)), at: location))
            return nil
        default:
            for a in args { _ = value(a) }
            return .any
        }
        if f.variadic != nil {
            for a in args { _ = value(a) }
            return f.result
        }
        // A call used as a value has an output of its own: one more operand is too many
        // (OPA's undefined-function stage counts operands this way).
        if nested && args.count > f.arity {
            if isUserFunction {
                checker.report(TypeErrors.functionArity(display, arity: f.arity, got: args.count, at: location))
            } else {
                checker.report(TypeErrors.arity(display, have: args.map(operandType) + [nil], want: f, at: location))
            }
            return nil
        }
        let before = checker.errors.count
        for (i, a) in args.enumerated() {
            let expected = i < f.arity ? f.arguments[i] : f.result
            guard let expected, unify(a, with: expected, argument: !isUserFunction) else {
                var have = args.map(operandType)
                // An operand unknown because of an error inside it: that error says it.
                if checker.errors.count > before && have.contains(where: { $0 == nil }) { return nil }
                if nested { have.append(nil) }
                checker.report(TypeErrors.arguments(display, have: have, want: f, at: location))
                return nil
            }
        }
        return f.result
    }

    // MARK: - Unification

    /// `a = b` (and `a := b`): OPA's unify2, reporting a match error.
    func unify(_ a: Term, _ b: Term, at location: SourceLocation) {
        let before = checker.errors.count
        let ta = operandType(a), tb = operandType(b)
        if !unify(a, ta, b, tb) && !(checker.errors.count > before && (ta == nil || tb == nil)) {
            // (An unknown side that comes from an error reported inside is that error's echo.)
            checker.report(TypeErrors.match(ta, tb, at: location))
        }
    }

    /// `term = <something of type t>` where the other side is not a term (a reference).
    func unify(_ term: Term, type t: RegoType?, at location: SourceLocation) {
        let ta = operandType(term)
        let ok: Bool
        switch (ta, t) {
        case (nil, let t?): ok = unify(term, with: t)
        case (let ta?, let t?): ok = RegoType.unifies(ta, t)
        default: ok = false
        }
        if !ok { checker.report(TypeErrors.match(ta, t, at: location)) }
    }

    private func unify(_ a: Term, _ ta: RegoType?, _ b: Term, _ tb: RegoType?) -> Bool {
        switch (ta, tb) {
        case (nil, let tb?): return unify(a, with: tb)
        case (let ta?, nil): return unify(b, with: ta)
        case (let ta?, let tb?): return RegoType.unifies(ta, tb)
        default: break
        }
        switch (a.kind, b.kind) {
        case (.array, _): return unifyComposite(a, b)
        case (.object, _): return unifyComposite(a, b)
        case (.variable(let n), .variable) where isLocal(n):
            return unify(a, with: .any) && unify(b, with: typeOf(n) ?? .any)
        case (.variable(let n), .array), (.variable(let n), .object):
            return isLocal(n) && unifyComposite(b, a)
        default:
            return false
        }
    }

    private func unifyComposite(_ a: Term, _ b: Term) -> Bool {
        switch (a.kind, b.kind) {
        case (.array(let xs), .array(let ys)):
            guard xs.count == ys.count else { return false }
            return zip(xs, ys).allSatisfy { unify($0, operandType($0), $1, operandType($1)) }
        case (.object(let xs), .object(let ys)):
            guard xs.count == ys.count else { return false }
            for x in xs {
                guard let k = ConstantFolding.value(of: x.key),
                      let y = ys.first(where: { ConstantFolding.value(of: $0.key) == k }) else { return false }
                if !unify(x.value, operandType(x.value), y.value, operandType(y.value)) { return false }
            }
            return true
        case (_, .variable(let n)) where isLocal(n):
            return unify(a, with: .any) && unify(b, with: operandType(a) ?? .any)
        default:
            return false
        }
    }

    /// OPA's unify1: whether `t` can have type `expected`, binding its unbound variables;
    /// `union` widens a bound variable's type instead of testing it.
    func unify(_ t: Term, with expected: RegoType, union: Bool = false, argument: Bool = false) -> Bool {
        switch t.kind {
        case .variable(let n) where isLocal(n):
            if t.isWildcard { return true }
            if let exist = typeOf(n) {
                if !union { return RegoType.unifies(exist, expected, argument: argument) }
                bind(n, RegoType.or(exist, expected) ?? .any)
            } else {
                bind(n, expected)
            }
            return true
        case .array(let items):
            switch expected {
            case .array(let prefix, let rest):
                if items.count != prefix.count && rest == nil { return false }
                for (i, item) in items.enumerated() {
                    guard let e = i < prefix.count ? prefix[i] : rest, unify(item, with: e, union: union) else { return false }
                }
                return true
            case .anyOf(let ts):
                return unifyEach(t, items, ts)
            default:
                return false
            }
        case .object(let pairs):
            switch expected {
            case .object(let props, let dynamic):
                if pairs.count != props.count && dynamic == nil { return false }
                for p in pairs {
                    if let k = ConstantFolding.value(of: p.key) {
                        guard let child = expected.select(k), unify(p.value, with: child, union: union) else { return false }
                    } else {
                        _ = unify(p.value, with: .any, union: union)
                    }
                }
                return true
            case .anyOf(let ts):
                return unifyEach(t, pairs.flatMap { [$0.key, $0.value] }, ts)
            default:
                return false
            }
        case .set(let items):
            switch expected {
            case .set(let of): return items.allSatisfy { unify($0, with: of, union: union) }
            case .anyOf(let ts): return unifyEach(t, items, ts)
            default: return false
            }
        default:
            return RegoType.unifies(value(t), expected, argument: argument)
        }
    }

    /// A composite against a union: against `any` every part is any; otherwise it must
    /// fit one member (each fitting member widens the variables it binds).
    private func unifyEach(_ t: Term, _ parts: [Term], _ members: [RegoType]) -> Bool {
        if members.isEmpty {
            for p in parts { _ = unify(p, with: .any, union: true) }
            return true
        }
        var fits = false
        for m in members { fits = unify(t, with: m, union: true) || fits }
        return fits
    }
}
