// RE2Regex, the engine under the regex builtins: time linear in the text counted in
// steps (not wall-clock), the DFA and the Pike VM agreeing, the builtin work budget,
// and sharing one compiled pattern between threads.
import Dispatch
import Synchronization
import Testing
@testable import PolicyVM

@Suite struct RE2RegexTests {
    /// The pattern: Swift's backtracking Regex did not finish it in 10 s.
    static let nested = "((((((((((a*)*)*)*)*)*)*)*)*)*)*$"

    static let pathological: [String] = [
        nested, "(a+)+$", "(a|aa)+$", "(a|a?)+b", "(.*a){20}", "^(\\w+\\s?)*$", "(x+x+)+y", "((a{1,10}){1,10}){1,10}c",
    ]

    /// A bound in steps: the text's runes (plus one) times the program's instructions (plus one).
    static func bound(_ regex: RE2Regex, _ text: String) -> Int {
        (text.utf8.count + 1) * (regex.program.count + 1)
    }

    @Test(arguments: pathological) func searchesStayWithinLinearWork(_ pattern: String) throws {
        let regex = try RE2Regex(pattern)
        for length in [1_000, 20_000] {
            let text = String(repeating: "a", count: length) + "b"
            var work = RegexWork()
            _ = try regex.matches(text, work: &work)
            #expect(work.steps <= RE2RegexTests.bound(regex, text), "match \(pattern) on \(length)")
            var all = RegexWork()
            _ = try regex.allMatches(text, limit: 1, submatches: true, work: &all)
            #expect(all.steps <= 2 * RE2RegexTests.bound(regex, text), "find \(pattern) on \(length)")
        }
    }

    @Test func workGrowsLinearlyWithTheText() throws {
        let regex = try RE2Regex(RE2RegexTests.nested)
        var steps: [Int] = []
        for length in [2_000, 20_000] {
            var work = RegexWork()
            _ = try regex.allMatches(String(repeating: "a", count: length) + "b", limit: -1, submatches: true, work: &work)
            steps.append(work.steps)
        }
        // Ten times the text, about ten times the work (never the square).
        #expect(steps[1] < 11 * steps[0])
    }

    @Test func aWorkLimitStopsTheSearch() throws {
        let regex = try RE2Regex("(a|aa)+b")
        var work = RegexWork(limit: 1_000)
        #expect(throws: RegexWorkExceeded(limit: 1_000)) {
            _ = try regex.allMatches(String(repeating: "a", count: 2_000) + "b", limit: -1, submatches: true, work: &work)
        }
    }

    static let agreementPatterns = [
        "a", "a*", "^a", "a$", "(?m)^b$", "\\bfoo\\b", "\\B", "x|y*z", "(a|ab)(c|bcd)", "[^a]+", "(?i)k", "é+",
        "\\pL\\d", "(?s).+x", "(?U)a+b", "^$", "\\Aa|b\\z", "(a*)*$", "[[:punct:]]",
    ]
    static let agreementTexts = ["", "a", "ab", "b\na\nb", "foo bar", "xyz", "abcd", "Kelvin \u{212A}", "éé1", "aaab", "!", "a\n"]

    /// The DFA (regex.match) and the Pike VM (every other builtin) see the same matches.
    @Test(arguments: agreementPatterns) func dfaAgreesWithThePikeVM(_ pattern: String) throws {
        let regex = try RE2Regex(pattern)
        for text in RE2RegexTests.agreementTexts {
            var w1 = RegexWork(), w2 = RegexWork()
            let any = try regex.matches(text, work: &w1)
            let first = try regex.allMatches(text, limit: 1, submatches: false, work: &w2)
            #expect(any == !first.isEmpty, "\(pattern) on \(text)")
        }
    }

    /// A pattern whose DFA has 2^18 states, on a cache of 10,000 entries: the cache
    /// fills and starts over many times, and the answers stay those of the Pike VM.
    @Test func theDFACacheStartsOverWhenFull() throws {
        let regex = try RE2Regex("(?:a|b)*a(?:a|b){17}c")
        var seed: UInt64 = 42
        let text = String((0..<5_000).map { _ -> Character in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return seed >> 33 & 1 == 0 ? "a" : "b"
        })
        for (t, expected) in [(text, false), (text + "a" + String(repeating: "b", count: 17) + "c", true)] {
            let dfa = LazyDFA(regex.program, maxTableEntries: 10_000)
            var work = RegexWork()
            #expect(try withRegexText(t) { text throws(RegexWorkExceeded) in try dfa.matches(text, from: 0, work: &work) } == expected)
            #expect(work.steps <= RE2RegexTests.bound(regex, t))
            var vmWork = RegexWork()
            #expect(try !regex.allMatches(t, limit: 1, submatches: false, work: &vmWork).isEmpty == expected)
        }
    }

    @Test func evaluationsStopAtTheBuiltinWorkLimit() throws {
        let module = "package p\nx := regex.match(`(a|aa)+$`, input.text)"
        let program = try PolicyCompiler.compile([("p.rego", module)])
        let query = try PreparedQuery("x := data.p.x", program: program)
        let input = Value.object(RegoObject([.string("text"): .string(String(repeating: "a", count: 100_000) + "b")]))
        var options = EvaluationOptions()
        options.builtinWorkLimit = 10_000
        // Not strict: an exhausted budget is still an error, never an undefined result.
        #expect {
            _ = try query.evaluate(input: input, options: options)
        } throws: { error in
            guard let e = error as? PolicyError else { return false }
            return e.code == .limit && e.message == "regex.match: builtins exceeded the evaluation's work limit of 10000 steps"
        }
        options.builtinWorkLimit = EvaluationOptions.defaultBuiltinWorkLimit
        #expect(try query.evaluate(input: input, options: options).rows == [[.bool(false)]])
    }

    @Test func oneCompiledPatternServesManyThreads() throws {
        let regex = try RE2Regex("(\\w+)@(\\w+)\\.com")
        let texts = (0..<64).map { "user\($0)@host\($0).com and more" }
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: texts.count) { i in
            var work = RegexWork()
            let found = (try? regex.matches(texts[i], work: &work)) ?? false
            let groups = (try? regex.allMatches(texts[i], limit: -1, submatches: true, work: &work)) ?? []
            if !found || groups.count != 1 || groups[0][2] != 0 { failures.withLock { $0 += 1 } }
        }
        #expect(failures.withLock { $0 } == 0)
    }
}
