// BodyCompiler, index checks: OPA evaluates a rule's body only when its rule index
// admits the rule (ast/index.go). The index holds each top-level `ref = value`,
// `ref == value`, `:=` and bare `ref` of the body whose ref is into input or base data
// with constant steps and whose value is a scalar or a variable (then: the ref is
// defined), each function argument compared with a scalar, and each such ref read as
// an operand (OPA first binds it to a variable of its own). The body needs these
// anyway, so checking them first changes nothing, except when an expression before
// one would raise an error (a conflict, a failing builtin): OPA never gets there. So a
// condition is checked before the body only when such an expression precedes it. A
// head's key or value that is such a ref, or reads one as an operand, counts too: OPA
// moves it to the end of the body (`__local0__ = [input.x]`, RewriteRefsInHead) before
// it builds the index.

/// A document or argument the index looks up.
enum IndexedRef {
    case document(WithTarget, [Value])
    case argument(Register)
}

/// What the index requires of the value it looks up.
enum IndexedValue {
    /// Defined (compared with a variable).
    case defined
    case equal(Value)
    /// An array of this length, with these elements where the pattern has scalars.
    case array([Value?])
    /// A collection with this scalar in it (`1 in input.xs`).
    case contains(Value)
    /// A member of this constant collection (`x in {"a", "b"}`, x bound to a ref).
    case member(of: Value)
}

/// What the index has learnt from a body's earlier expressions: variables bound to an
/// indexed ref (`x := input.x`) and to a constant (`c := 2`), which later comparisons
/// resolve through (`x == 2`, `input.y == c`), as OPA's index does (one step only).
struct IndexScope {
    var refs: [String: IndexedRef] = [:]
    var constants: [String: Value] = [:]
}

/// A document a body reads (OPA's index requires it defined), where it is written.
struct IndexRead {
    let ref: IndexedRef
    let location: SourceLocation
}

/// A condition of OPA's index: the document, what it requires, and where the document
/// is written (nil when not at hand: an argument, or a document reached through a variable).
struct IndexCondition {
    let ref: IndexedRef
    let value: IndexedValue
    let location: SourceLocation?
}

extension BodyCompiler {
    /// Emits the index conditions of a rule body (or `else` branch) that an expression
    /// able to raise precedes. `arguments` are the function's head arguments, bound;
    /// `heads` the head's keys and value. The checks carry the rule's location (`rule`),
    /// so coverage never counts a line for them.
    func indexChecks(_ body: [Literal], arguments: [Term], heads: [Term], rule: SourceLocation) throws(PolicyError) {
        builder.location = rule
        // OPA leaves a rule that prints out of the index.
        if body.contains(where: \.keepsRuleUnindexed) { return }
        var scope = IndexScope()
        for a in arguments {
            if let n = a.variableName, let r = locals[n] { scope.refs[n] = .argument(r) }
        }
        var before = Raise.nothing
        // Documents read by an expression that runs before anything may raise: an
        // undefined one fails the body there already.
        var readEarly: Set<String> = []
        // Checks that only matter when builtin errors raise (strict evaluation).
        var strictOnly: [(IndexedRef, IndexedValue, SourceLocation)] = []
        for literal in body {
            var conditions: [(IndexedRef, IndexedValue)]
            if literal.isNegated && negatesWholeExpressions {
                // Under future.keywords.not nothing is read before the negation.
                conditions = []
            } else if literal.withModifiers.isEmpty {
                conditions = dynamicReads(literal).map { ($0, IndexedValue.defined) }
                if let condition = indexCondition(literal, &scope) { conditions.append(condition) }
            } else {
                // OPA first binds each `with` value that needs evaluating to a variable
                // of its own (`__local0__ = input.x`), which the index sees; the literal
                // itself gives it nothing, but may raise before a later condition.
                conditions = literal.withModifiers.flatMap { headReads($0.value) }.map { ($0, IndexedValue.defined) }
            }
            // Its `with` values are read before the literal runs.
            let gate = literal.withModifiers.isEmpty ? max(before, raises(literal)) : before
            if gate == .nothing && !literal.isNegated { for (ref, _) in conditions { readEarly.insert("\(ref)") } }
            for (ref, value) in conditions where gate != .nothing {
                if case .defined = value, readEarly.contains("\(ref)") { continue }
                if gate == .conflict { try emitCheck(ref, value, at: literal.location) } else { strictOnly.append((ref, value, literal.location)) }
            }
            before = max(before, raises(literal))
        }
        // The head's own calls raise too (`f(x) := [1 % count(input.xs), input.y]`).
        let headGate = max(before, heads.map(raises).max() ?? .nothing)
        if headGate != .nothing {
            for head in heads {
                for doc in headReads(head) where !readEarly.contains("\(doc)") {
                    if headGate == .conflict { try emitCheck(doc, .defined, at: head.location) } else { strictOnly.append((doc, .defined, head.location)) }
                }
            }
        }
        guard !strictOnly.isEmpty else { return }
        let skip = newLabel()
        emit(.jumpUnlessStrict(target: skip))
        for (ref, value, location) in strictOnly { try emitCheck(ref, value, at: location) }
        place(skip)
    }

    private func emitCheck(_ ref: IndexedRef, _ value: IndexedValue, at location: SourceLocation) throws(PolicyError) {
        let r: Register
        switch ref {
        case .document(let root, let steps): r = try rootRef(root, steps.map { Term(.scalar($0), location) })
        case .argument(let a): r = a
        }
        switch value {
        case .defined: break
        case .equal(let v): emit(.test(op: .equal, a: r, b: constant(v), fail: fail))
        case .contains(let v): emit(.testMember(key: -1, value: constant(v), collection: r, fail: fail))
        case .member(let collection): emit(.testMember(key: -1, value: r, collection: constant(collection), fail: fail))
        case .array(let elements): emitArrayPatternTest(r, elements, fail: fail)
        }
    }

    /// Goes to `fail` unless R[r] is an array of the pattern's length with its scalars
    /// where the pattern has them (nil: any element).
    func emitArrayPatternTest(_ r: Register, _ elements: [Value?], fail: Address) {
        emit(.testArrayLength(src: r, count: Int32(elements.count), fail: fail))
        for (i, e) in elements.enumerated() {
            guard let e else { continue }
            let d = newRegister()
            emit(.lookupConstant(dst: d, src: r, key: builder.constant(.int(i)), fail: fail))
            emit(.test(op: .equal, a: d, b: constant(e), fail: fail))
        }
    }

    /// The documents a literal reads as an operand (of a call, an operator, a composite,
    /// a reference's key, an `every` domain), outside comprehensions: OPA binds each to a
    /// variable first (RewriteDynamicTerms), which the index then requires defined.
    func dynamicReads(_ l: Literal) -> [IndexedRef] { locatedDynamicReads(l).map(\.ref) }

    /// `dynamicReads`, each with where the document is written.
    func locatedDynamicReads(_ l: Literal) -> [IndexRead] {
        var out: [IndexRead] = []
        func walk(_ t: Term, operand: Bool) { out += operandReads(t, operand: operand) }
        switch l.kind {
        case .expression(let t):
            // `a == b` alone is `a = b` to OPA (RewriteEquals): its sides are not operands.
            switch t.kind {
            case .binary(.equal, let a, let b): walk(a, operand: false); walk(b, operand: false)
            case .call(["equal"], let args) where args.count == 2: walk(args[0], operand: false); walk(args[1], operand: false)
            default: walk(t, operand: false)
            }
        case .assignment(let a, let b), .unification(let a, let b): walk(a, operand: false); walk(b, operand: false)
        case .every(_, _, let domain, _): walk(domain, operand: true)
        // `some x in [input.a]`: the parts of a composite domain are operands (not a
        // domain that is itself a reference).
        case .someIn(_, _, let c): walk(c, operand: false)
        case .someDeclaration: break
        }
        return out
    }

    /// The documents a head's key or value reads: OPA moves the term to the body
    /// (`__local0__ = [input.x]`, RewriteRefsInHead), so the term itself when it is such
    /// a document, and each one it reads as an operand (`[input.x]`, `count(input.x)`).
    func headReads(_ head: Term) -> [IndexedRef] { locatedHeadReads(head).map(\.ref) }

    /// `headReads`, each with where the document is written.
    func locatedHeadReads(_ head: Term) -> [IndexRead] {
        (indexedDocument(head).map { [IndexRead(ref: $0, location: head.location)] } ?? []) + operandReads(head, operand: false)
    }

    /// The documents `t` reads as an operand, outside comprehensions; `operand` says
    /// whether `t` itself is one.
    private func operandReads(_ t: Term, operand: Bool) -> [IndexRead] {
        var out: [IndexRead] = []
        func walk(_ t: Term, operand: Bool) {
            switch t.kind {
            case .variable, .ref:
                if operand, let doc = indexedDocument(t) { out.append(IndexRead(ref: doc, location: t.location)); return }
                // A reference's keys are operands, and so are the parts of a composite head
                // (`[input.a][0]`: OPA binds the array to a variable first).
                if case .ref(let head, let steps) = t.kind {
                    if head.variableName == nil { walk(head, operand: false) }
                    steps.forEach { walk($0, operand: true) }
                }
            case .call(_, let args): args.forEach { walk($0, operand: true) }
            case .binary(_, let a, let b): walk(a, operand: true); walk(b, operand: true)
            case .unaryMinus(let a): walk(a, operand: true)
            case .membership(let k, let v, let c): [k, v, c].compactMap { $0 }.forEach { walk($0, operand: true) }
            case .array(let items), .set(let items): items.forEach { walk($0, operand: true) }
            case .object(let pairs): pairs.forEach { walk($0.key, operand: true); walk($0.value, operand: true) }
            case .scalar, .arrayComprehension, .setComprehension, .objectComprehension: return
            }
        }
        walk(t, operand: operand)
        return out
    }

    /// The index condition of a literal, learning the variables it binds into `scope`.
    func indexCondition(_ l: Literal, _ scope: inout IndexScope) -> (IndexedRef, IndexedValue)? {
        locatedIndexCondition(l, &scope).map { ($0.ref, $0.value) }
    }

    /// `indexCondition`, with where the document is written (nil for an argument, or a
    /// document reached through a variable: its first reading was located already).
    func locatedIndexCondition(_ l: Literal, _ scope: inout IndexScope) -> IndexCondition? {
        guard !l.isNegated, l.withModifiers.isEmpty else { return nil }
        switch l.kind {
        case .assignment(let a, let b), .unification(let a, let b):
            return equality(a, b, &scope) ?? equality(b, a, &scope)
        case .expression(let t):
            switch t.kind {
            case .binary(.equal, let a, let b):
                return equality(a, b, &scope) ?? equality(b, a, &scope)
            case .call(let name, let args) where (name == ["equal"] || name == ["eq"]) && args.count == 2:
                return equality(args[0], args[1], &scope) ?? equality(args[1], args[0], &scope)
            case .membership(nil, let value, let collection):
                return membership(value, collection, scope)
            default:
                return indexedDocument(t).map { IndexCondition(ref: $0, value: .defined, location: t.location) }
            }
        default:
            return nil
        }
    }

    /// `a` compared with `b`: a document (or a variable bound to one, or an argument)
    /// against a scalar, a constant variable, an array of scalars and variables, or any
    /// other variable (then: defined; an argument always is, so it needs a value).
    private func equality(_ a: Term, _ b: Term, _ scope: inout IndexScope) -> IndexCondition? {
        if let n = a.variableName, isVariable(n) {
            if let v = b.scalarValue { scope.constants[n] = v }
            guard let ref = scope.refs[n], let value = indexedValue(b, scope), !isDefined(value) else { return nil }
            return IndexCondition(ref: ref, value: value, location: nil)
        }
        guard let doc = indexedDocument(a), let value = indexedValue(b, scope) else { return nil }
        if isDefined(value), let n = b.variableName { scope.refs[n] = doc }
        return IndexCondition(ref: doc, value: value, location: a.location)
    }

    /// `value in collection`: a scalar in a document, or a variable bound to a document
    /// in a constant collection (OPA's index on `internal.member_2`).
    private func membership(_ value: Term, _ collection: Term, _ scope: IndexScope) -> IndexCondition? {
        let scalar = value.scalarValue ?? value.variableName.flatMap { scope.constants[$0] }
        if let scalar, let doc = indexedDocument(collection) { return IndexCondition(ref: doc, value: .contains(scalar), location: collection.location) }
        let bound = value.variableName.flatMap { scope.refs[$0] } ?? indexedDocument(value)
        if let ref = bound, let items = ConstantFolding.value(of: collection) {
            // OPA's index takes the members as values to look up only when there are some
            // and each is a scalar or an array (`in {}`, `in [{}]`, `in ["b", set()]` leave
            // the rule unindexed: its body runs, and may raise before the membership fails).
            let members: [Value]
            switch items {
            case .array(let a): members = a
            case .set(let s): members = Array(s)
            case .object(let o): members = o.values
            default: return nil
            }
            guard !members.isEmpty, members.allSatisfy(Self.isIndexableMember) else { return nil }
            return IndexCondition(ref: ref, value: .member(of: items), location: indexedDocument(value) != nil ? value.location : nil)
        }
        return nil
    }

    private static func isIndexableMember(_ v: Value) -> Bool {
        switch v {
        case .object, .set: return false
        default: return true
        }
    }

    private func isDefined(_ v: IndexedValue) -> Bool {
        if case .defined = v { return true }
        return false
    }

    /// A scalar, a variable (a constant one is its value), or an array of those.
    private func indexedValue(_ t: Term, _ scope: IndexScope) -> IndexedValue? {
        if let v = t.scalarValue { return .equal(v) }
        if let n = t.variableName {
            guard isVariable(n) else { return nil }
            return scope.constants[n].map { .equal($0) } ?? .defined
        }
        // A call or an operator is a variable by then (OPA binds its result first).
        if Self.becomesVariable(t) { return .defined }
        guard case .array(let items) = t.kind else { return nil }
        var elements: [Value?] = []
        for item in items {
            if let v = item.scalarValue {
                elements.append(v)
            } else if let n = item.variableName, isVariable(n) {
                elements.append(nil)
            } else if Self.becomesVariable(item) {
                elements.append(nil)
            } else {
                return nil
            }
        }
        return .array(elements)
    }

    private static func becomesVariable(_ t: Term) -> Bool {
        switch t.kind {
        case .call, .binary, .unaryMinus, .membership: return true
        default: return false
        }
    }

    /// `input…` or base data (no rule at, above or below it) with constant steps.
    private func indexedDocument(_ t: Term) -> IndexedRef? {
        var head = t
        var steps: [Term] = []
        if case .ref(let h, let s) = t.kind { head = h; steps = s }
        guard let root = head.variableName else { return nil }
        var path: [Value] = []
        for s in steps {
            guard let v = s.scalarValue else { return nil }
            path.append(v)
        }
        switch resolve(root) {
        case .input: return .document(.input, path)
        case .inputPath(let p): return .document(.input, p.map(Value.string) + path)
        case .data: return isBaseData(path) ? .document(.data, path) : nil
        case .dataPath(let p): return isBaseData(p.map(Value.string) + path) ? .document(.data, p.map(Value.string) + path) : nil
        default: return nil
        }
    }

    /// Whether a path below `data` leaves the rule tree before reaching any rule.
    private func isBaseData(_ path: [Value]) -> Bool {
        var node = 0
        for step in path {
            if state.index.nodes[node].ruleSet != nil { return false }
            guard case .string(let key) = step else { return false }
            guard let child = state.index.nodes[node].children[key] else { return true }
            node = Int(child)
        }
        return false
    }

    /// What evaluating a literal could raise.
    func raises(_ l: Literal) -> Raise {
        if !l.withModifiers.isEmpty { return .conflict }
        switch l.kind {
        case .expression(let t): return raises(t)
        case .assignment(let a, let b), .unification(let a, let b): return max(raises(a), raises(b))
        case .someDeclaration: return .nothing
        case .someIn(let k, let v, let c): return [k, v, c].compactMap { $0 }.map(raises).max() ?? .nothing
        case .every: return .conflict
        }
    }

    private func raises(_ t: Term) -> Raise {
        switch t.kind {
        case .scalar: return .nothing
        case .variable(let n): return isVariable(n) || indexedDocument(t) != nil ? .nothing : .conflict
        case .ref(let head, let steps):
            let keys = steps.map(raises).max() ?? .nothing
            guard let root = head.variableName else { return max(raises(head), keys) }
            switch resolve(root) {
            case .local, .unbound, .input, .inputPath: return keys
            case .data, .dataPath: return indexedDocument(t) != nil ? keys : .conflict
            }
        case .array(let items), .set(let items): return items.map(raises).max() ?? .nothing
        case .object(let pairs): return pairs.map { max(raises($0.key), raises($0.value)) }.max() ?? .nothing
        case .binary(let op, let a, let b): return max(op.isComparison ? .nothing : .builtinError, raises(a), raises(b))
        case .unaryMinus(let a): return max(.builtinError, raises(a))
        case .membership(let k, let v, let c): return [k, v, c].compactMap { $0 }.map(raises).max() ?? .nothing
        case .call(let name, let args):
            let operands = args.map(raises).max() ?? .nothing
            switch callTarget(name) {
            case .builtin: return max(.builtinError, operands)
            case .print: return operands
            default: return .conflict
            }
        case .arrayComprehension, .setComprehension, .objectComprehension: return .conflict
        }
    }
}

/// What evaluating an expression could raise: a builtin error only in strict mode (else
/// the expression is undefined), a conflict always.
enum Raise: Int, Comparable {
    case nothing, builtinError, conflict

    static func < (a: Raise, b: Raise) -> Bool { a.rawValue < b.rawValue }
}
