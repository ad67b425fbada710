// GoReplacer: Go's strings.NewReplacer(old1, new1, old2, new2, …), which OPA's replace
// and strings.replace_n run. Invariant: matching is on UTF-8 bytes, left to right and
// without overlaps; at each position the first pair (in argument order) whose old
// string matches wins, even when a later one is longer; an empty old string matches
// at every byte position (so it can split a multi-byte character, as Go does: the
// broken bytes then read as U+FFFD) but never twice in a row at the same position.

enum GoReplacer {
    static func replace(_ s: String, pairs: [(old: String, new: String)]) -> String {
        let text = Array(s.utf8)
        let olds = pairs.map { Array($0.old.utf8) }, news = pairs.map { Array($0.new.utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = 0, last = 0
        var previousMatchWasEmpty = false
        while i <= text.count {
            var matched: Int?
            for (k, old) in olds.enumerated() {
                if old.isEmpty && previousMatchWasEmpty { continue }
                if text.count - i >= old.count && text[i..<(i + old.count)].elementsEqual(old) {
                    matched = k
                    break
                }
            }
            previousMatchWasEmpty = matched.map { olds[$0].isEmpty } ?? false
            if let k = matched {
                out.append(contentsOf: text[last..<i])
                out.append(contentsOf: news[k])
                i += olds[k].count
                last = i
                continue
            }
            i += 1
        }
        out.append(contentsOf: text[last...])
        return String(decoding: out, as: UTF8.self)
    }
}
