// Regex builtins: regex.match and regex.split with Go's RE2 syntax, run on Swift's
// Regex after RE2Translator. Compiled patterns are cached per pattern text in a
// small bounded cache guarded by a Mutex. Invariant: a pattern Go would reject is
// an eval_builtin_error with Go's message, whatever Swift would accept.
import Synchronization

/// A compiled pattern; Regex values are immutable and safe to share.
struct CompiledRegex: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>
}

/// Compiled patterns by source text, bounded: when full, an arbitrary entry goes.
final class RegexCache: Sendable {
    /// Enough for the patterns of any real policy; bounded so inputs cannot grow it.
    static let capacity = 100

    static let shared = RegexCache()

    private let entries = Mutex<[String: CompiledRegex]>([:])

    func compiled(_ pattern: String) throws(RE2Translator.SyntaxError) -> CompiledRegex {
        if let hit = entries.withLock({ $0[pattern] }) { return hit }
        let swiftPattern = try RE2Translator.translate(pattern)
        let regex: Regex<AnyRegexOutput>
        do {
            regex = try Regex(swiftPattern)
                .matchingSemantics(.unicodeScalar)
                .wordBoundaryKind(.simple)
                .asciiOnlyWordCharacters()
        } catch {
            throw RE2Translator.SyntaxError(message: "error parsing regexp: \(error)")
        }
        let compiled = CompiledRegex(regex: regex)
        entries.withLock { table in
            if table.count >= RegexCache.capacity, let victim = table.keys.first { table.removeValue(forKey: victim) }
            table[pattern] = compiled
        }
        return compiled
    }
}

enum RegexBuiltins {
    static let all: [Builtin] = [match, split]

    private static func compile(_ ops: Operands, _ pattern: String) throws(BuiltinError) -> Regex<AnyRegexOutput> {
        do throws(RE2Translator.SyntaxError) {
            return try RegexCache.shared.compiled(pattern).regex
        } catch {
            throw .failure(ops.name, error.message)
        }
    }

    static let match = builtin("regex.match") { ops throws(BuiltinError) in
        let pattern = try ops.string(1), text = try ops.string(2)
        let regex = try compile(ops, pattern)
        return .bool((try? regex.firstMatch(in: text)) != nil)
    }

    /// Go's Regexp.Split(s, -1): an empty match right after a match is skipped.
    static let split = builtin("regex.split") { ops throws(BuiltinError) in
        let pattern = try ops.string(1), text = try ops.string(2)
        let regex = try compile(ops, pattern)
        if !pattern.isEmpty && text.isEmpty { return .array([""]) }
        var parts: [Value] = []
        var begin = text.startIndex, end = text.startIndex
        var previousEnd: String.Index?
        for m in text.matches(of: regex) {
            let range = m.range
            defer { previousEnd = range.upperBound }
            if range.isEmpty && range.lowerBound == previousEnd { continue }
            end = range.lowerBound
            if range.upperBound != text.startIndex { parts.append(.string(String(text.unicodeScalars[begin..<end]))) }
            begin = range.upperBound
        }
        if end != text.endIndex { parts.append(.string(String(text.unicodeScalars[begin...]))) }
        return .array(parts)
    }
}
