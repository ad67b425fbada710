// Number text: the form chosen for each spelling, the text kept for printing, the
// float64 spelling of Swift doubles (Go's JSON encoder, as OPA's yaml.unmarshal shows
// it), negated literals, and JSON for texts only to_number makes.
import Testing
@testable import PolicyVM

@Suite struct NumberTextTests {
    @Test func canonicalSpellingsUseMachineWords() {
        #expect(Number(text: "42") == .int(42) && Number(text: "-9223372036854775808")?.text == "-9223372036854775808")
        if case .int(Int64.min)? = Number(text: "-9223372036854775808") {} else { Issue.record("Int64.min is a machine word") }
        if case .decimal(let d)? = Number(text: "1.50") { #expect(d.significand == 150 && d.scale == 2) }
        else { Issue.record("1.50 is a scaled decimal") }
        for text in ["1e3", "-0", "-0.0", "007", "+5", ".5", "5.", "9223372036854775808", "0.1234567890123456789"] {
            guard case .text(let t)? = Number(text: text) else { Issue.record("\(text) keeps its text"); continue }
            #expect(t.text == text)
        }
    }

    @Test(arguments: ["1.0", "1e3", "1.50", "1E-7", "-0", "1e400", "12345678901234567890123", "0.10", "-0.0"])
    func textSurvivesJSON(_ text: String) throws {
        let value = try JSONReader.parse("[\(text)]")
        #expect(JSONWriter.write(value) == "[\(text)]")
        #expect(value.regoText == "[\(text)]")
    }

    /// Go's encoding/json spelling of float64s; each value is what OPA's
    /// yaml.unmarshal (which goes through it) returned for the same number.
    @Test(arguments: [
        (1e-7, "1e-7"), (1.5e21, "1.5e+21"), (9223372036854775808.0, "9223372036854776000"), (100.0, "100"),
        (-0.0, "-0"), (1e21, "1e+21"), (0.1, "0.1"), (123456789.125, "123456789.125"), (1e20, "100000000000000000000"),
        (0.000001, "0.000001"), (1.7976931348623157e308, "1.7976931348623157e+308"), (5e-324, "5e-324"),
    ])
    func doublesAreSpelledAsGosJSONEncoder(value: Double, expected: String) {
        #expect(Number(value).text == expected)
    }

    /// The plain-decimal shortcut spells every double as Swift's shortest digits do.
    @Test func doublesSpellLikeTheirShortestDigits() {
        var rng = SeededGenerator(state: 9)
        for _ in 0..<20_000 {
            let kind = rng.next() % 3
            let d: Double = kind == 0 ? Double(rng.next() % 100_000) / 100
                : kind == 1 ? Double(bitPattern: rng.next() >> 2 | 0x3E00_0000_0000_0000)
                : Double(Int64(bitPattern: rng.next()) % 10_000_000) / 1000
            guard d.magnitude >= 1e-6, d.magnitude < 1e15 else { continue }
            let (negative, digits, point) = Number.shortestDigits(d)
            var expected: [UInt8] = negative ? [UInt8(ascii: "-")] : []
            DecimalDigits(digits: digits, point: point).appendFixed(to: &expected, fractionDigits: max(digits.count - point, 0))
            #expect(Number(d).text == String(decoding: expected, as: UTF8.self), "\(d)")
        }
    }

    @Test func negatedLiteralsKeepTheirSpelling() {
        #expect(Number(text: "0")!.negatedLiteral.text == "-0")
        #expect(Number(text: "1.50")!.negatedLiteral.text == "-1.50")
        #expect(Number(text: "1e3")!.negatedLiteral.text == "-1e3")
        #expect(Number(text: "9223372036854775808")!.negatedLiteral == .int(Int64.min))
        #expect(Number(text: "-2")!.negatedLiteral.text == "2")
    }

    /// OPA's JSON encoder refuses these texts; we print their exact value.
    @Test(arguments: [("007", "7"), ("+5", "5"), (".5", "5e-1"), ("5.", "5"), ("0x1p-2", "25e-2"), ("-0x0p0", "-0")])
    func textsOnlyToNumberMakesPrintAsValidJSON(text: String, expected: String) {
        #expect(Number(text: text)!.jsonText == expected)
        #expect(JSONNumberSyntax.isValid(expected.utf8))
    }

    @Test func integerTextAsOPAReadsIt() {
        #expect(Number(text: "1.0")?.exactInt == 1 && Number(text: "-0")?.exactInt == 0)
        #expect(Number(text: "1.00")?.exactInt == 1 && Number(text: "1e0")?.exactInt == nil)
        #expect(Number(text: "1.5")?.exactInt == nil && Number(text: "99999999999999999999")?.exactInt == nil)
    }
}
