// IndexTable: a rule index, in the spirit of OPA's (ast/index.go). The definitions of
// a rule set (rules, `else` chains, function definitions) whose every branch compares
// one reference (a constant path into input or base data, or a function argument)
// with constants are selected by that reference's value: a hash lookup finds the list
// of definitions to try, instead of trying each one to fail at its comparison.
// Invariant: a list holds, in code order, every definition the index cannot rule out
// for its value (the ones keyed on it and the ones keyed on nothing), so skipping the
// others changes no answer: each of them would fail at the comparison, and OPA's index
// skips them too (an error earlier in their bodies is never raised there either).

/// One rule index of a procedure (the `indexJump`/`indexNext` instructions use it).
package struct IndexTable: Sendable {
    /// The reference looked up, as the disassembler shows it (`input["action"]`, `argument 0`).
    package let subject: String
    /// Each definition's first instruction, by the definition's number (its place in code).
    package let starts: [Address]
    /// Lists of definition numbers, ascending. List 0 is for a value no definition is
    /// keyed on (or an undefined reference): the definitions keyed on nothing.
    package let lists: [[Int32]]
    /// The list for each value some definition is keyed on (1 and 1.0 are one key: values
    /// equal under `==` hash alike).
    let listOfValue: [Value: Int32]
    /// The keys in the order first seen, for the disassembler.
    package let keys: [Value]
    /// Where the code goes after the last definition of a list (a default, the return).
    package let end: Address

    /// The table with every address passed through `f` (labels -> addresses).
    func mappingAddresses(_ f: (Address) -> Address) -> IndexTable {
        IndexTable(subject: subject, starts: starts.map(f), lists: lists, listOfValue: listOfValue, keys: keys, end: f(end))
    }

    /// The list to try for `value` (nil: the reference is undefined).
    @inline(__always) func list(for value: Value?) -> Int32 {
        guard let value else { return 0 }
        return listOfValue[value] ?? 0
    }

    /// Where list `list` continues after definition `after` (-1: from its start).
    @inline(__always) func next(in list: Int32, after: Int32) -> Address {
        let ordinals = lists[Int(list)]
        // The first definition number above `after` (the list is ascending).
        var low = 0, high = ordinals.count
        while low < high {
            let mid = (low + high) / 2
            if ordinals[mid] <= after { low = mid + 1 } else { high = mid }
        }
        return low < ordinals.count ? starts[Int(ordinals[low])] : end
    }
}
