// RuleTypes: the static type of a rule's value, as far as it is known without
// evaluating anything: constant heads give their types, `p if …` is boolean, partial
// rules are sets and objects; anything else is `any` (never a guess).

enum RuleTypes {
    static func type(of ruleSet: Int, _ state: CompilationState) -> RegoType {
        if let t = state.ruleTypes[ruleSet] { return t }
        let set = state.index.ruleSets[ruleSet]
        let t: RegoType
        switch set.kind {
        case .partialSet: t = .anySet
        case .partialObject: t = .anyObject
        case .function: t = .any
        case .complete:
            var values: [Term] = []
            for d in set.definitions {
                values.append(d.rule.value)
                values += d.rule.elseBranches.map(\.value)
            }
            if let d = set.defaultDefinition { values.append(d.rule.value) }
            let types = values.map { v in ConstantFolding.value(of: v).map(RegoType.of) ?? .any }
            t = RegoType.joinAll(types)
        }
        state.ruleTypes[ruleSet] = t
        return t
    }
}
