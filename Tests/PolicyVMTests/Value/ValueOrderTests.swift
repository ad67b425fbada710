// Rego's total order and equality: kinds, numbers by value, strings by code point.
import Testing
@testable import PolicyVM

@Suite struct ValueOrderTests {
    @Test func kindsAreOrdered() {
        let ordered: [Value] = [.null, false, true, 1, "a", [1], ["a": 1], .set([1])]
        for i in 0..<ordered.count - 1 {
            #expect(ordered[i] < ordered[i + 1], "\(ordered[i]) < \(ordered[i + 1])")
        }
    }

    @Test func numbersCompareByValue() {
        #expect(Value.int(1) == Value.double(1.0))
        #expect(Set<Value>([.int(1), .double(1.0)]).count == 1)
        #expect(Value.double(1.5) > Value.int(1))
    }

    @Test func stringsCompareByCodePoint() {
        // "é" precomposed (U+00E9) and decomposed (e + U+0301) are different strings in Rego.
        #expect(Value.string("\u{E9}") != Value.string("e\u{301}"))
        #expect(Value.string("Z") < Value.string("a"))
        #expect(Value.string("\u{FFFF}") < Value.string("\u{1F600}"))
    }

    @Test func arraysCompareElementwiseThenByLength() {
        #expect(Value.array([1, 2]) < Value.array([1, 3]))
        #expect(Value.array([1]) < Value.array([1, 0]))
    }
}
