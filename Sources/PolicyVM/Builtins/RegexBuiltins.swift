// Regex builtins: regex.match, regex.is_valid, regex.split, regex.find_n,
// regex.find_all_string_submatch_n, regex.replace and regex.template_match, on
// RE2Regex (Go's regexp: RE2 syntax, leftmost-first matches, time linear in the
// text). Compiled patterns are cached per pattern text in a small bounded cache
// guarded by a Mutex; every search charges its steps to the evaluation's builtin
// work budget. Invariant: a pattern Go would reject is an eval_builtin_error with
// Go's message, and every result is the one OPA gives.
import Synchronization

/// Compiled patterns by source text, bounded: when full, an arbitrary entry goes.
final class RegexCache: Sendable {
    /// Enough for the patterns of any real policy; bounded so inputs cannot grow it.
    static let capacity = 100

    static let shared = RegexCache()

    /// A plain pattern, or a regex.template_match template with its delimiters.
    struct Key: Hashable, Sendable {
        let pattern: String
        var delimiters: [UInt8] = []
    }

    private let entries = Mutex<[Key: RE2Regex]>([:])

    func compiled<E: Error>(_ key: Key, _ make: () throws(E) -> RE2Regex) throws(E) -> RE2Regex {
        if let hit = entries.withLock({ $0[key] }) { return hit }
        let compiled = try make()
        entries.withLock { table in
            if table.count >= RegexCache.capacity, let victim = table.keys.first { table.removeValue(forKey: victim) }
            table[key] = compiled
        }
        return compiled
    }

    func compiled(_ pattern: String) throws(RegexSyntaxError) -> RE2Regex {
        try compiled(Key(pattern: pattern)) { () throws(RegexSyntaxError) in try RE2Regex(pattern) }
    }
}

enum RegexBuiltins {
    static let all: [Builtin] = [match, isValid, split, findN, findAllStringSubmatchN, replace, templateMatch]

    static func compile(_ ops: Operands, _ pattern: String) throws(BuiltinError) -> RE2Regex {
        do throws(RegexSyntaxError) {
            return try RegexCache.shared.compiled(pattern)
        } catch {
            throw .failure(ops.name, error.message)
        }
    }

    /// Runs a search on the evaluation's work budget; running out is an eval_limit_error.
    static func metered<R>(_ ops: Operands, _ context: inout BuiltinContext,
                           _ search: (inout RegexWork) throws(RegexWorkExceeded) -> R) throws(BuiltinError) -> R {
        var work = RegexWork(limit: context.workLimit - context.workUsed)
        defer { context.workUsed += work.steps }
        do throws(RegexWorkExceeded) {
            return try search(&work)
        } catch {
            throw BuiltinError(.limit, "\(ops.name): builtins exceeded the evaluation's work limit of \(context.workLimit) steps")
        }
    }

    static let match = builtin("regex.match") { ops, context throws(BuiltinError) in
        let pattern = try ops.string(1), text = try ops.string(2)
        let regex = try compile(ops, pattern)
        return .bool(try metered(ops, &context) { work throws(RegexWorkExceeded) in try regex.matches(text, work: &work) })
    }

    /// Whether Go's parser accepts the pattern; anything but a string is false, not an error.
    static let isValid = builtin("regex.is_valid") { ops throws(BuiltinError) in
        guard case .string(let pattern) = ops[1] else { return .bool(false) }
        do throws(RegexSyntaxError) {
            try RE2Regex.validate(pattern)
            return .bool(true)
        } catch {
            return .bool(false)
        }
    }

    /// Go's Regexp.Split(s, -1).
    static let split = builtin("regex.split") { ops, context throws(BuiltinError) in
        let pattern = try ops.string(1), text = try ops.string(2)
        let regex = try compile(ops, pattern)
        let parts = try metered(ops, &context) { work throws(RegexWorkExceeded) in try regex.split(text, work: &work) }
        return .array(parts.map(Value.string))
    }

    /// Go's FindAllString(s, n): at most n matches, all when n is negative.
    static let findN = builtin("regex.find_n") { ops, context throws(BuiltinError) in
        .array(try findAll(ops, &context, submatches: false).map { .string($0[0]) })
    }

    /// Go's FindAllStringSubmatch(s, n): each match with its groups ("" when a group did not take part).
    static let findAllStringSubmatchN = builtin("regex.find_all_string_submatch_n") { ops, context throws(BuiltinError) in
        .array(try findAll(ops, &context, submatches: true).map { .array($0.map(Value.string)) })
    }

    /// The texts of (pattern, text, n)'s successive matches, with or without their groups.
    private static func findAll(_ ops: Operands, _ context: inout BuiltinContext, submatches: Bool) throws(BuiltinError) -> [[String]] {
        let pattern = try ops.string(1), text = try ops.string(2)
        let n = try ops.integer(3)
        let regex = try compile(ops, pattern)
        let matches = try metered(ops, &context) { work throws(RegexWorkExceeded) in
            try regex.allMatches(text, limit: Int(clamping: n), submatches: submatches, work: &work)
        }
        return substrings(text, matches)
    }

    /// regex.replace(s, pattern, value): Go's ReplaceAllString, with `$1`/`${name}` expansion.
    static let replace = builtin("regex.replace") { ops, context throws(BuiltinError) in
        let base = try ops.string(1), pattern = try ops.string(2), value = try ops.string(3)
        let regex = try compile(ops, pattern)
        return .string(try metered(ops, &context) { work throws(RegexWorkExceeded) in
            try regex.replaceAll(base, with: value, work: &work)
        })
    }

    /// regex.template_match(template, text, start, end): the template's literal parts
    /// quoted, its delimited parts as patterns, the whole anchored.
    static let templateMatch = builtin("regex.template_match") {
        ops, context throws(BuiltinError) in
        let template = try ops.string(1), text = try ops.string(2)
        let start = try ops.string(3), end = try ops.string(4)
        guard start.utf8.count == 1 else {
            throw .failure(ops.name, "start delimiter has to be exactly one character long but is \(start.utf8.count) long")
        }
        guard end.utf8.count == 1 else {
            // OPA reports the start delimiter's length here too.
            throw .failure(ops.name, "end delimiter has to be exactly one character long but is \(start.utf8.count) long")
        }
        let regex: RE2Regex
        do throws(RegexTemplate.Failure) {
            regex = try RegexTemplate.compile(template, start: start.utf8.first!, end: end.utf8.first!)
        } catch {
            throw .failure(ops.name, error.message)
        }
        return .bool(try metered(ops, &context) { work throws(RegexWorkExceeded) in try regex.matches(text, work: &work) })
    }

    /// The text of each match's slots (absent groups as "").
    private static func substrings(_ text: String, _ matches: [[Int]]) -> [[String]] {
        guard !matches.isEmpty else { return [] }
        let bytes = Array(text.utf8)
        return matches.map { m in
            stride(from: 0, to: m.count, by: 2).map { i in
                m[i] < 0 ? "" : String(decoding: bytes[m[i]..<m[i + 1]], as: UTF8.self)
            }
        }
    }
}
