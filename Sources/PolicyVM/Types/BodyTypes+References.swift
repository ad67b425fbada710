// BodyTypes, references: the type a reference reads and OPA's checks of it. Below
// `data` the rule tree decides (the first two keys must be strings or variables; a
// rule's inferred type takes over at the rule); into a value of known type, each key
// must be one the type has (`{"a": 1}.b` is an error), and an iteration variable
// takes the type of the keys. Invariant: `input` and base data are `any`, so nothing
// read from them is ever an error.

/// A reference as its messages write it: the head and every step (below `data`, the
/// rule's path too). Its text is only built for a message.
struct ReferenceText {
    let head: Term
    let steps: [Term]

    var segments: [String] { [TermText.text(head)] + steps.map(TermText.segment) }
}

extension BodyTypes {
    /// The type of `head.steps…` (a variable alone when there are no steps).
    func reference(head: Term, steps: [Term]) -> RegoType? {
        let ref = ReferenceText(head: head, steps: steps)
        guard let n = head.variableName else {
            let t = value(head)
            return walk(t ?? .any, ref, from: 0, location: head.location).flatMap { t == nil ? nil : $0 }
        }
        switch resolve(n) {
        case .local, .unbound:
            if head.isWildcard { return nil }
            guard let t = typeOf(n) else {
                // Bound but of unknown type (an argument before its uses): OPA's check of
                // the reference makes it `any`.
                bind(n, .any)
                return walk(.any, ref, from: 0, location: head.location)
            }
            return walk(t, ref, from: 0, location: head.location)
        case .input, .inputPath:
            return walk(.any, ref, from: 0, location: head.location)
        case .data:
            return dataReference(steps, location: head.location)
        case .dataPath(let path):
            return dataReference(path.map { Term(.scalar(.string($0)), head.location) } + steps, location: head.location)
        }
    }

    /// `data.…`: walks the rule tree, then the type of the rule it reaches.
    private func dataReference(_ steps: [Term], location: SourceLocation) -> RegoType? {
        let index = checker.index
        let ref = ReferenceText(head: Term(.variable("data"), location), steps: steps)
        var node = 0
        var path: [String] = []
        for (i, step) in steps.enumerated() {
            if let t = replaced[path] { return walk(t, ref, from: i, location: location) }
            if let rs = index.nodes[node].ruleSet, checker.ruleTypes[Int(rs)] != nil {
                // A partial object with scalar keys is a node of OPA's rule tree: a key
                // none of its rules names is base data there, not an error.
                if index.ruleSets[Int(rs)].kind == .partialObject, case .scalar(let key) = step.kind,
                   case .object(let props, TypeChecker.treeNodeKeys?)? = checker.ruleTypes[Int(rs)], !props.isEmpty,
                   !props.contains(where: { RegoType.selects($0.key, key) }) {
                    return walk(.any, ref, from: i + 1, location: location)
                }
                return walk(checker.nodeType(node), ref, from: i, location: location)
            }
            let position = i + 1
            let children = checker.presentChildren(node)
            if case .scalar(.string(let key)) = step.kind {
                path.append(key)
                guard let child = children[key] else {
                    // Base data: anything may be there.
                    return walk(.any, ref, from: i + 1, location: location)
                }
                node = Int(child)
                continue
            }
            let isVariable = step.variableName.map(isLocal) ?? false
            // The first two keys below data name packages or rules: strings (or variables).
            if position <= 2 && !isVariable && !children.isEmpty {
                let oneOf = children.keys.sorted().map { Value.string($0) }
                checker.report(TypeErrors.refInvalid(ref.segments, position: position, have: value(step),
                                                     haveTerm: TermText.text(step), want: .string, oneOf: oneOf, at: location))
                return nil
            }
            if isVariable { return walk(checker.nodeType(node), ref, from: i, location: location) }
            // Any other key leaves the rules: base data again.
            _ = value(step)
            return walk(.any, ref, from: i + 1, location: location)
        }
        return replaced[path] ?? checker.nodeType(node)
    }

    /// Steps `ref.steps[from...]` into a value of type `t` (OPA's checkRefLeaf and
    /// selectRef).
    private func walk(_ t: RegoType, _ ref: ReferenceText, from: Int, location: SourceLocation) -> RegoType? {
        var current = t
        for i in ref.steps.indices.dropFirst(from) {
            let step = ref.steps[i]
            let position = i + 1
            guard let keys = current.keys, let values = current.values else {
                checker.report(TypeErrors.refUnsupported(ref.segments, position: position - 1, have: current, at: location))
                return nil
            }
            switch step.kind {
            case .variable(let n) where isLocal(n):
                if let exist = typeOf(n) {
                    if !RegoType.unifies(exist, keys) {
                        checker.report(TypeErrors.refInvalid(ref.segments, position: position, have: exist, haveTerm: n,
                                                             want: keys, oneOf: TypeErrors.oneOf(current), at: location))
                        return nil
                    }
                } else {
                    bind(n, keys)
                }
                current = values
            case .array, .object, .set:
                if !unify(step, with: keys) {
                    checker.report(TypeErrors.refInvalid(ref.segments, position: position, have: operandType(step),
                                                         haveTerm: TermText.text(step), want: keys, oneOf: [], at: location))
                    return nil
                }
                current = values
            case .scalar(let k):
                guard let child = current.select(k) else {
                    checker.report(TypeErrors.refInvalid(ref.segments, position: position, have: nil,
                                                         haveTerm: TermText.text(step), want: keys,
                                                         oneOf: TypeErrors.oneOf(current), at: location))
                    return nil
                }
                current = child
            default:
                if let st = value(step), !RegoType.unifies(st, keys) {
                    checker.report(TypeErrors.refInvalid(ref.segments, position: position, have: st,
                                                         haveTerm: TermText.text(step), want: keys,
                                                         oneOf: TypeErrors.oneOf(current), at: location))
                    return nil
                }
                current = values
            }
        }
        return current
    }

    /// A reference's text in segments (`data`, `.p`, `[1]`), for messages.
    func referenceSegments(_ t: Term) -> [String] {
        switch t.kind {
        case .variable(let n):
            switch resolve(n) {
            case .dataPath(let p): return ["data"] + p.map { TermText.segment(Term(.scalar(.string($0)), t.location)) }
            case .inputPath(let p): return ["input"] + p.map { TermText.segment(Term(.scalar(.string($0)), t.location)) }
            default: return [n]
            }
        case .ref(let head, let steps):
            return referenceSegments(head) + steps.map(TermText.segment)
        default:
            return [TermText.text(t)]
        }
    }
}
