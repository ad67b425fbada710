// UnicodeClasses: the tables behind \p{Name}, looked up as Go's regexp/syntax does:
// the name is canonicalised (first letter upper, the rest lower, `_ - space` dropped),
// then Any, Assigned, ASCII and LC, general categories (one letter: the union of its
// kind), scripts, and category aliases (Letter, digit, punct, …) are tried in order.
// Tables decode from UnicodeTables once, on first use. Invariant: a name resolves here
// iff Go resolves it, to the same code points.
import Synchronization

enum UnicodeClasses {
    /// A class's code points; `negated` when the name means their complement (Assigned).
    struct Table {
        let ranges: [UInt32]
        let negated: Bool
    }

    private static let decoded = Mutex<[String: [UInt32]]>([:])

    static func lookup(_ name: String) -> Table? {
        let key = canonicalName(name)
        switch key {
        case "Any": return Table(ranges: [0, RuneRanges.maxRune], negated: false)
        case "Assigned": return Table(ranges: category("Cn")!, negated: true)
        case "Ascii": return Table(ranges: [0, 0x7F], negated: false)
        case "Lc": return Table(ranges: category("LC")!, negated: false)
        default: break
        }
        if let r = category(key) { return Table(ranges: r, negated: false) }
        if let text = UnicodeTables.scripts[key] { return Table(ranges: decode("script " + key, text), negated: false) }
        if let actual = aliases[key], let r = category(actual) { return Table(ranges: r, negated: false) }
        return nil
    }

    /// Go's canonicalName.
    static func canonicalName(_ name: String) -> String {
        var out = ""
        var first = true
        for c in name.unicodeScalars {
            if c == "_" || c == "-" || c == " " { continue }
            if first {
                out.unicodeScalars.append(c.isASCII && c.properties.isLowercase ? Unicode.Scalar(c.value - 32)! : c)
                first = false
            } else {
                out.unicodeScalars.append(c.isASCII && c.properties.isUppercase ? Unicode.Scalar(c.value + 32)! : c)
            }
        }
        return out
    }

    /// Category aliases keyed by their canonical names.
    private static let aliases: [String: String] = {
        var m: [String: String] = [:]
        for (alias, category) in UnicodeTables.categoryAliases { m[canonicalName(alias)] = category }
        return m
    }()

    /// A leaf category, a one-letter union (L, M, N, P, S, Z, C), or LC.
    private static func category(_ name: String) -> [UInt32]? {
        if let text = UnicodeTables.categories[name] { return decode(name, text) }
        let leaves: [String]
        if name == "LC" {
            leaves = ["Lu", "Ll", "Lt"]
        } else if name.utf8.count == 1 {
            leaves = UnicodeTables.categories.keys.filter { $0.hasPrefix(name) }.sorted()
            if leaves.isEmpty { return nil }
        } else {
            return nil
        }
        if let hit = decoded.withLock({ $0[name] }) { return hit }
        var all: [UInt32] = []
        for leaf in leaves { all += decode(leaf, UnicodeTables.categories[leaf]!) }
        let union = RuneRanges.cleaned(all)
        decoded.withLock { $0[name] = union }
        return union
    }

    private static func decode(_ key: String, _ text: String) -> [UInt32] {
        if let hit = decoded.withLock({ $0[key] }) { return hit }
        var out: [UInt32] = []
        for item in text.split(separator: " ") {
            if let dash = item.firstIndex(of: "-") {
                out.append(UInt32(item[..<dash], radix: 16)!)
                out.append(UInt32(item[item.index(after: dash)...], radix: 16)!)
            } else {
                let v = UInt32(item, radix: 16)!
                out.append(v)
                out.append(v)
            }
        }
        decoded.withLock { $0[key] = out }
        return out
    }
}
