// Comments survive formatting: every `# cN` comment of each input is in the output
// exactly once, the output formats to itself, and the package document is the same
// before and after. The inputs put comments where a layout has no room for them:
// inside one-line collections, between the lines of a head's reference, between an
// operator and its operand, two on what becomes one line, before a closing brace.
import Testing
@testable import PolicyVM

@Suite struct FormatCommentTests {
    static let inputs: [String] = [
        "package p\n# c1\n\n# c2\nimport data.x # c3\n# c4\nr := 1 # c5\n# c6\n",
        "package p\n\nr := [1, 2 # c1\n]\n",
        "package p\n\nvalue := {\"a\":  # c1\n\"b\"} # c2\n",
        "package p\n\nq[\n{\"a\": # c1\n\"b\"} # c2\n] := true\n",
        "package p\n\nq := {\"a\":  # c1\n\"b\"} if { # c2\n\tx := \"s\"\n}\n",
        "package p\n\nr if {\n\tx := 1 +\n\t# c1\n\t2\n\tx > 0 # c2\n\t# c3\n}\n",
        "package p\n\nr if {\n\tx := [1, # c1\n\t\t2, # c2\n\t]\n\tcount(x) == 2 # c3\n} # c4\n",
        "package p\n\nr if {\n\tx == # c1\n\t\t1 # c2\n}\n\nx := 1\n",
        "package p\n\nr contains v if { # c1\n\tsome v in [1, 2] # c2\n\t# c3\n}\n",
        "package p\n\nr := 1 if {\n\tinput.x # c1\n} # c2\n# c3\nelse := 2 # c4\n",
        "package p\n\nf(x) := y if {\n\ty := [v | # c1\n\t\tsome v in x # c2\n\t]\n}\n\nr := f([1])\n",
        "package p\n\nr if {\n\tevery x in [1] { # c1\n\t\tx > 0 # c2\n\t} # c3\n}\n",
        "package p\n\nr := x if {\n\tx := 1 with input as # c1\n\t\t{\"a\": 1} # c2\n}\n",
        // Bare, `-1 < y` would continue the line before (`y := 1 - 1 < y`), comment or not.
        "package p\n\nr if {\n\ty := 1 # c1\n\n\t# c2\n\t(-1 < y)\n}\n",
        // After an else's `if` a `{` opens a block: the object condition keeps its braces.
        "package p\n\nr := 1 if input.x # c1\nelse := 2 if { {\"a\": 1}.a == 1 } # c2\n",
    ]

    static func comments(_ text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let r = rest.range(of: "# c") {
            let end = rest[r.upperBound...].firstIndex { !$0.isNumber } ?? rest.endIndex
            found.append(String(rest[r.lowerBound..<end]))
            rest = rest[end...]
        }
        return found.sorted()
    }

    @Test(arguments: inputs.indices)
    func everyCommentIsKeptOnce(_ i: Int) throws {
        let input = Self.inputs[i]
        let out = try RegoFormatter.format(input, file: "c.rego")
        #expect(Self.comments(out) == Self.comments(input), "\(out)")
        #expect(try RegoFormatter.format(out, file: "c.rego") == out, "not a fixed point:\n\(out)")
        #expect(RegoHarness.run([input], "x := data.p") == RegoHarness.run([out], "x := data.p"), "\(out)")
    }
}
