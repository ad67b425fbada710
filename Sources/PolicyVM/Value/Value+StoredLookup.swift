// Value+StoredLookup: one step of a reference into base data, as OPA's store reads it.
// OPA reads a reference below `data` that stays in base data from its store by path,
// each key turned into text first: a number key names the object key spelled as the
// number is written (`data.users[1]` reads key "1", `data.x[1.0]` reads "1.0"), and a
// key into an array is an index when its text spells an integer in decimal, with an
// optional sign and a fraction of zeros only ("0", "01", "+1", "2.0", "1." but not
// "1e0", "1.5", "0x1"). Observed with the real OPA engine (v1.x); values that did not
// come from base data (rule values, locals, input) keep `lookup`'s rules.
// Invariant: on objects with string keys and arrays with integral number keys written
// as integers, `storedLookup` answers what `lookup` answers.

extension Value {
    /// `lookup` of one step below base data.
    func storedLookup(_ key: Value) -> Value? {
        switch (self, key) {
        case (.object(let o), .number(let n)):
            return o[.string(n.text)]
        case (.array(let a), .string(let s)):
            guard let i = Value.storedIndex(s), i < a.count else { return nil }
            return a[i]
        case (.array(let a), .number(let n)):
            guard let i = Value.storedIndex(n.text), i < a.count else { return nil }
            return a[i]
        default:
            return lookup(key)
        }
    }

    /// The array index a store path key spells: Go's `strconv.Atoi` of the part before a
    /// `.`, when what follows the `.` is only zeros; nil when it spells none or is negative.
    static func storedIndex(_ text: String) -> Int? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2 && !parts[1].allSatisfy({ $0 == "0" }) { return nil }
        var digits = Substring(parts[0])
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let magnitude = Int(digits) else { return nil }
        if negative { return magnitude == 0 ? 0 : nil }
        return magnitude
    }
}
