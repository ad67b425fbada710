// IndexedBranch: a rule's definitions as OPA's rule index (ast/index.go) holds them, for
// the two things that index decides besides skipping: the order the definitions are
// tried in, and whether the first value ends the search (early exit). Both decide which
// error a program reports, so they follow OPA's index, checked case by case with its
// engine (EarlyExitTests):
// - Each branch (a rule, and each of its `else`s) is keyed on the documents its body
//   compares: per document one value (a scalar, an array pattern), "defined" (compared
//   with a variable), or several scalars (`x in {"a", "b"}`). The documents are ranked by
//   how many conditions name them (most first), ties by where the first is written.
// - The index is a trie with one level per ranked document; at each level a branch sits
//   under "no condition", "defined", or its value. A lookup walks it depth first, "no
//   condition" before "defined" before a value, and returns the branches in the order it
//   meets them; a branch with no condition at all sits at the root and comes first, a
//   branch with several scalars for one document sits at that level (before what lies
//   deeper). A definition comes where its first admitted branch does.
// - Early exit: when every branch the lookup admits has the same ground head value
//   (`true`, `1`, `[1, "a"]`; not `1 + 1` nor a variable), the first value ends the
//   evaluation of a complete rule or function: later definitions, their errors and
//   conflicts are never reached. Partial rules never stop early.

/// A branch of a rule definition and the conditions OPA's index holds for it.
struct IndexedBranch {
    /// The definition's place among the rule set's definitions, as written.
    let definition: Int
    /// 0: the rule itself; n: its n-th `else`.
    let branch: Int
    /// The conditions as OPA records them, repeats kept (each counts toward its
    /// document's rank).
    let conditions: [IndexCondition]
    /// The head's value when it is ground (what early exit compares); nil otherwise.
    let value: Value?

    /// The values the trie keys this branch on, per document (OPA's `insert`: a value
    /// already there is not added again; a value replaces "defined").
    var trieValues: [String: [TrieValue]] {
        var out: [String: [TrieValue]] = [:]
        for c in conditions {
            for v in TrieValue.values(of: c.value) {
                var list = out[c.key, default: []]
                if list.contains(v) { continue }
                if v != .defined, let i = list.firstIndex(of: .defined) { list[i] = v } else { list.append(v) }
                out[c.key] = list
            }
        }
        return out
    }

    /// Whether OPA's index admits the branch for every input (it has no condition).
    var isUnconditional: Bool { conditions.isEmpty }
}

extension IndexCondition {
    /// The document's name in the index.
    var key: String { "\(ref)" }
}

/// What the trie keys a branch on at one document.
enum TrieValue: Equatable {
    case defined
    case scalar(Value)
    /// An array of this length, with these scalars where the pattern has them.
    case array([Value?])

    /// The trie values of one condition (OPA records `x in {"a", "b"}` as one condition per
    /// member, and `1 in input.xs` as the scalar 1 at `input.xs`, found there when the
    /// document is a collection holding it).
    static func values(of v: IndexedValue) -> [TrieValue] {
        switch v {
        case .defined: return [.defined]
        case .equal(let x): return [.scalar(x)]
        case .contains(let x): return [.scalar(x)]
        case .array(let elements): return [.array(elements)]
        case .member(of: let collection):
            let members: [Value]
            switch collection {
            case .array(let a): members = a
            case .set(let s): members = s.sorted { Value.compare($0, $1) < 0 }
            case .object(let o): members = o.values
            default: members = []
            }
            return members.map { m in
                if case .array(let a) = m { return .array(a.map { Self.isScalar($0) ? $0 : nil }) }
                return .scalar(m)
            }
        }
    }

    static func isScalar(_ v: Value) -> Bool {
        switch v {
        case .array, .object, .set: return false
        default: return true
        }
    }
}
