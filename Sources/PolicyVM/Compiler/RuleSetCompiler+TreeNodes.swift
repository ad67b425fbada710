// RuleSetCompiler, rule-tree nodes under scalar keys: OPA keeps a rule's constant keys
// as nodes of its rule tree (`p[1][k] := v` is a partial object at the node p[1]), and a
// node is a document whether or not a rule below it is defined. So p is {"1": {}} when
// no k is found, and `p[1] contains v` makes p[1] a set, [] when empty (checked with
// OPA v1). Keys that are strings are nodes here too (RuleIndex); a partial object folds
// the other scalar keys into its entries, so it first puts those nodes in, empty.

extension RuleSetCompiler {
    /// The nodes a partial object's definitions stand below: each definition's leading
    /// scalar keys, and whether the node is a set (`contains` at exactly those keys).
    static func treeNodes(_ set: RuleSetDraft) -> [(keys: [Value], isSet: Bool)] {
        var out: [(keys: [Value], isSet: Bool)] = []
        for d in set.definitions {
            let keys = [d.rule.key].compactMap { $0 } + d.rule.nestedKeys
            var ground: [Value] = []
            for k in keys {
                guard case .scalar(let v) = k.kind, v.isScalar else { break }
                ground.append(v)
            }
            // A node only when more keys (or a set's elements) follow its keys; strings
            // alone are the rule index's nodes already.
            let isSet = d.rule.isMultiValueEntry && ground.count == keys.count
            if !isSet && ground.count == keys.count { ground.removeLast() }
            guard !ground.isEmpty, !ground.allSatisfy({ if case .string = $0 { return true } else { return false } }),
                  !out.contains(where: { $0.keys == ground }) else { continue }
            out.append((ground, isSet))
        }
        return out
    }

    /// Puts the empty nodes in before any definition runs (in the keyed procedure only
    /// those under the asked-for key).
    func emitTreeNodes(_ set: RuleSetDraft, askedKey: Register?, compiler c: BodyCompiler) {
        for node in Self.treeNodes(set) {
            let skip = c.newLabel()
            if let askedKey { c.emit(.test(op: .equal, a: c.constant(node.keys[0]), b: askedKey, fail: skip)) }
            let registers = node.keys.map { c.constant($0) }
            let block = c.state.newRegisters(registers.count)
            for (i, r) in registers.enumerated() { c.emit(.move(dst: block + Int32(i), src: r)) }
            let empty: Value = node.isSet ? .set([]) : .emptyObject
            c.emit(.yieldNestedEntry(keys: block, count: Int32(registers.count), value: c.constant(empty),
                                     line: Int32(set.allDefinitions.first?.rule.location.line ?? 0)))
            c.place(skip)
        }
    }
}
