// VersionRequirement: the `nodeVersion` / `pythonVersion` constraints of
// `spec.requires` — comparators joined by spaces or commas, each `>=`, `>`, `<=`, `<`,
// `=`/`==`, `^` (same major), `~` (same major.minor) or a bare version (same
// components, like npm's `20` = 20.x). Missing components compare as 0 (as in PEP
// 440), so `<=3.12` admits 3.12.0 but not 3.12.1.

/// A parsed version constraint.
struct VersionRequirement: Sendable, Equatable {
    /// One comparator.
    enum Operator: String, Sendable, CaseIterable {
        case atLeast = ">=", above = ">", atMost = "<=", below = "<", exactly = "=", caret = "^", tilde = "~", prefix = ""
    }

    var terms: [(op: Operator, version: [Int])]
    let text: String

    static func == (a: Self, b: Self) -> Bool { a.text == b.text }

    /// Nil when the text is not a constraint this reader knows.
    init?(_ text: String) {
        self.text = text
        terms = []
        let words = text.split { $0 == " " || $0 == "," }
        guard !words.isEmpty else { return nil }
        for word in words {
            var rest = Substring(word)
            var op = Operator.prefix
            for candidate in [Operator.atLeast, .atMost, .above, .below, .caret, .tilde] where rest.hasPrefix(candidate.rawValue) {
                op = candidate
                break
            }
            if op == .prefix && rest.hasPrefix("==") { rest = rest.dropFirst(2); op = .exactly }
            else if op == .prefix && rest.hasPrefix("=") { rest = rest.dropFirst(1); op = .exactly }
            else { rest = rest.dropFirst(op.rawValue.count) }
            if rest.hasPrefix("v") { rest = rest.dropFirst() }
            let parts = rest.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
            guard !parts.isEmpty, parts.count <= 4, parts.allSatisfy({ ($0 ?? -1) >= 0 }) else { return nil }
            terms.append((op, parts.compactMap { $0 }))
        }
    }

    func isSatisfied(by version: [Int]) -> Bool {
        terms.allSatisfy { op, wanted in
            let c = Self.compare(version, wanted)
            switch op {
            case .atLeast: return c >= 0
            case .above: return c > 0
            case .atMost: return c <= 0
            case .below: return c < 0
            case .exactly: return c == 0
            case .prefix: return Array(version.prefix(wanted.count)) == wanted || (version.count < wanted.count && c == 0)
            case .caret: return c >= 0 && version.first == wanted.first
            case .tilde: return c >= 0 && Array(version.prefix(2)) == Array(wanted.prefix(2))
            }
        }
    }

    /// -1, 0, 1 comparing component by component, missing components as 0.
    static func compare(_ a: [Int], _ b: [Int]) -> Int {
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? a[i] : 0, y = i < b.count ? b[i] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        return 0
    }
}
