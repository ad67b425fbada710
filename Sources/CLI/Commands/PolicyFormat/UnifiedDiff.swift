// UnifiedDiff: `diff -u` between a file and its formatted text, for `policy fmt
// --diff`. Lines are compared whole; the edit script is a longest common subsequence
// (policies are small: the quadratic table is bounded by the lexer's size limit in
// practice), printed as hunks with three lines of context, as diff prints them.

enum UnifiedDiff {
    /// The unified diff of `old` → `new` under the given names; empty when equal.
    static func diff(_ old: String, _ new: String, oldName: String, newName: String) -> String {
        let a = lines(old), b = lines(new)
        guard a != b else { return "" }
        let script = edits(a, b)
        var out = "--- \(oldName)\n+++ \(newName)\n"
        for hunk in hunks(script, context: 3) { out += render(hunk, a, b) }
        return out
    }

    private static func lines(_ text: String) -> [Substring] {
        var result = text.split(separator: "\n", omittingEmptySubsequences: false)
        if result.last == "" { result.removeLast() }
        return result
    }

    enum Edit { case same(Int, Int), delete(Int), insert(Int) }

    /// The edit script of a longest common subsequence.
    static func edits(_ a: [Substring], _ b: [Substring]) -> [Edit] {
        let n = a.count, m = b.count
        var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var script: [Edit] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                script.append(.same(i, j)); i += 1; j += 1
            } else if i < n, j == m || table[i + 1][j] >= table[i][j + 1] {
                // Deletions before insertions, as diff prints a changed line.
                script.append(.delete(i)); i += 1
            } else {
                script.append(.insert(j)); j += 1
            }
        }
        return script
    }

    /// Ranges of the script around changes, joined when their contexts touch.
    private static func hunks(_ script: [Edit], context: Int) -> [ArraySlice<Edit>] {
        let changed = script.indices.filter { if case .same = script[$0] { return false }; return true }
        var ranges: [ClosedRange<Int>] = []
        for k in changed {
            let r = max(0, k - context)...min(script.count - 1, k + context)
            if let last = ranges.last, r.lowerBound <= last.upperBound + 1 {
                ranges[ranges.count - 1] = last.lowerBound...r.upperBound
            } else {
                ranges.append(r)
            }
        }
        return ranges.map { script[$0] }
    }

    private static func render(_ hunk: ArraySlice<Edit>, _ a: [Substring], _ b: [Substring]) -> String {
        // Lines of each side before the hunk: the first edit's position on that side.
        var oldStart = 0, newStart = 0
        for e in hunk {
            if case .same(let i, let j) = e { oldStart = i; newStart = j; break }
        }
        let leading = hunk.prefix { if case .same = $0 { return false }; return true }
        oldStart -= leading.filter { if case .delete = $0 { return true }; return false }.count
        newStart -= leading.filter { if case .insert = $0 { return true }; return false }.count
        if !hunk.contains(where: { if case .same = $0 { return true }; return false }) {
            // A hunk of changes only: the whole texts differ.
            oldStart = 0; newStart = 0
        }
        var oldCount = 0, newCount = 0
        var body = ""
        for e in hunk {
            switch e {
            case .same(let i, _): oldCount += 1; newCount += 1; body += " \(a[i])\n"
            case .delete(let i): oldCount += 1; body += "-\(a[i])\n"
            case .insert(let j): newCount += 1; body += "+\(b[j])\n"
            }
        }
        return "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n" + body
    }

    /// `start,count` in 1-based lines (`start-1,0` for an empty range, as diff writes it).
    private static func range(_ start: Int, _ count: Int) -> String {
        count == 0 ? "\(start),0" : "\(start + 1),\(count)"
    }
}
