// RegexTemplate: regex.template_match's templates, as OPA builds them (its fork of
// gorilla/mux's template compiler): first-level `start…end` spans are patterns,
// the text between them literal (quoted as Go's regexp.QuoteMeta does), the whole
// anchored with ^…$; each span must also compile on its own as ^span$.
// Invariant: a template OPA rejects is rejected with OPA's message.

enum RegexTemplate {
    /// Why a template does not compile: unbalanced delimiters or a bad pattern.
    struct Failure: Error {
        let message: String
    }

    static func compile(_ template: String, start: UInt8, end: UInt8) throws(Failure) -> RE2Regex {
        let key = RegexCache.Key(pattern: template, delimiters: [start, end])
        return try RegexCache.shared.compiled(key) { () throws(Failure) in
            let source = try pattern(template, start: start, end: end)
            do throws(RegexSyntaxError) {
                return try RE2Regex(source)
            } catch {
                throw Failure(message: error.message)
            }
        }
    }

    /// The anchored pattern for a template; checks each span compiles alone first.
    private static func pattern(_ template: String, start: UInt8, end: UInt8) throws(Failure) -> String {
        let bytes = Array(template.utf8)
        var spans: [(Int, Int)] = []
        var level = 0, open = 0
        for (i, b) in bytes.enumerated() {
            if b == start {
                level += 1
                if level == 1 { open = i }
            } else if b == end {
                level -= 1
                if level == 0 { spans.append((open, i + 1)) } else if level < 0 { throw Failure(message: "unbalanced braces in \(GoQuote.quote(template))") }
            }
        }
        if level != 0 { throw Failure(message: "unbalanced braces in \(GoQuote.quote(template))") }
        var out = "^"
        var literalStart = 0
        for (lo, hi) in spans {
            let span = String(decoding: bytes[lo + 1..<hi - 1], as: UTF8.self)
            out += quoteMeta(bytes[literalStart..<lo]) + "(" + span + ")"
            literalStart = hi
            do throws(RegexSyntaxError) {
                _ = try RE2Regex("^" + span + "$")
            } catch {
                throw Failure(message: error.message)
            }
        }
        return out + quoteMeta(bytes[literalStart...]) + "$"
    }

    /// Go's regexp.QuoteMeta: a backslash before each of \.+*?()|[]{}^$.
    static func quoteMeta(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        for b in bytes {
            if "\\.+*?()|[]{}^$".utf8.contains(b) { out.append(UInt8(ascii: "\\")) }
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
