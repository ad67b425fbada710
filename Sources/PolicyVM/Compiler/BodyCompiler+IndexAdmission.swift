// BodyCompiler, index admission: the conditions OPA's rule index records for a branch
// (IndexedBranch), and the code that asks whether the index admits a branch for this
// input, as OPA's lookup decides it. An early-exit check runs it (RuleSetCompiler+TryOrder),
// once a value is found, on the branches with other values.

extension BodyCompiler {
    /// Every condition OPA's index records for one branch (a rule's body or an `else`'s,
    /// with the head's key and value), in the order it records them, repeats kept. None for
    /// a branch that prints (OPA leaves it out of its index).
    func branchConditions(_ body: [Literal], heads: [Term], arguments: [Term], argumentBase: Register) -> [IndexCondition] {
        if body.contains(where: \.keepsRuleUnindexed) { return [] }
        var scope = IndexScope()
        for (i, a) in arguments.enumerated() {
            if let n = a.variableName, !a.isWildcard { scope.refs[n] = .argument(argumentBase + Int32(i)) }
        }
        func defined(_ reads: [IndexRead]) -> [IndexCondition] {
            reads.map { IndexCondition(ref: $0.ref, value: .defined, location: $0.location) }
        }
        var out: [IndexCondition] = []
        for literal in body {
            if !literal.withModifiers.isEmpty {
                // Only the `with` values OPA binds to variables first; the literal itself
                // is not indexed.
                out += defined(literal.withModifiers.flatMap { locatedHeadReads($0.value) })
                continue
            }
            out += defined(locatedDynamicReads(literal))
            if let condition = locatedIndexCondition(literal, &scope) { out.append(condition) }
        }
        // OPA moves a head term that needs evaluating to the end of the body.
        out += defined(heads.flatMap(locatedHeadReads))
        return out
    }

    /// Jumps to `admitted` when OPA's index admits a branch keyed on `values` for this
    /// input; falls through otherwise. `arrayPatterned`: the documents some branch holds
    /// an array pattern for (there, a collection is not searched for a scalar).
    func emitAdmission(_ values: [String: [TrieValue]], refs: [String: IndexedRef], arrayPatterned: Set<String>,
                       at location: SourceLocation, admitted: Address) throws(PolicyError) {
        let rejected = newLabel()
        let saved = fail
        fail = rejected
        defer { fail = saved }
        for (key, vs) in values.sorted(by: { $0.key < $1.key }) {
            guard let ref = refs[key] else { continue }
            let r: Register
            switch ref {
            case .document(let root, let steps): r = try rootRef(root, steps.map { Term(.scalar($0), location) })
            case .argument(let a): r = a
            }
            // Several values with "defined" among them: the trie keys the branch on "defined".
            if vs.contains(.defined) { continue }
            let matched = newLabel()
            for v in vs {
                let next = newLabel()
                switch v {
                case .defined:
                    continue  // (not here: handled above)
                case .scalar(let s):
                    emit(.test(op: .equal, a: r, b: constant(s), fail: next))
                    emit(.jump(target: matched))
                    place(next)
                    // OPA's lookup also finds a scalar as a member of a collection there.
                    if !arrayPatterned.contains(key) {
                        let notMember = newLabel()
                        emit(.testMember(key: -1, value: constant(s), collection: r, fail: notMember))
                        emit(.jump(target: matched))
                        place(notMember)
                    }
                case .array(let elements):
                    emitArrayPatternTest(r, elements, fail: next)
                    emit(.jump(target: matched))
                    place(next)
                }
            }
            emit(.jump(target: rejected))
            place(matched)
        }
        emit(.jump(target: admitted))
        place(rejected)
    }
}
