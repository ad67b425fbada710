// Suggestion: "did you mean" for unknown keys and enum values — the closest candidate
// by edit distance, offered only when it is close enough to be a plausible typo.

enum Suggestion {
    /// The candidate nearest to `word`, if within a third of its length (at least 1, case ignored).
    static func closest(to word: String, in candidates: [String]) -> String? {
        let w = Array(word.lowercased().unicodeScalars)
        var best: (String, Int)?
        for c in candidates {
            let d = distance(w, Array(c.lowercased().unicodeScalars))
            if let b = best, d >= b.1 { continue }
            best = (c, d)
        }
        guard let (candidate, d) = best else { return nil }
        return d <= max(1, w.count / 3) ? candidate : nil
    }

    /// Levenshtein distance (two rows).
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// `; did you mean "x"?` or an empty string.
    static func hint(for word: String, in candidates: [String]) -> String {
        closest(to: word, in: candidates).map { "; did you mean \"\($0)\"?" } ?? ""
    }
}
