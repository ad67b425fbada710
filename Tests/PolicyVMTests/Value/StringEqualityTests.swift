// String equality and hashing read a string's representation directly (identical
// words, the small-string flag) to skip byte comparisons. These tests pin the layout
// that relies on, and check that equality and hashing still follow the bytes whatever
// the representation: small inline, native buffer, or a short string kept in a large
// buffer.
import Testing
@testable import PolicyVM

@Suite struct StringEqualityTests {
    static func words(_ s: String) -> (UInt64, UInt64) { unsafeBitCast(s, to: (UInt64, UInt64).self) }

    /// The same contents in different representations.
    static var corpus: [String] {
        var roomy = String()
        roomy.reserveCapacity(64)
        roomy.append("request_type")
        var roomyEmpty = String()
        roomyEmpty.reserveCapacity(32)
        let long = String(repeating: "guardrails_invoked", count: 2)
        return ["", roomyEmpty, "request_type", roomy, "request_typf", "request_typ", "é", "e\u{301}",
                "guardrails_invoked", String("xguardrails_invoked".dropFirst()), long, String(long.reversed()),
                "exactly 15 byte", "exactly 16 bytes"]
    }

    @Test func smallStringLayout() {
        #expect(Value.isSmall(Self.words("abc").1))
        #expect(Value.isSmall(Self.words("exactly 15 byte").1))
        #expect(!Value.isSmall(Self.words("exactly 16 bytes").1))
        var roomy = String()
        roomy.reserveCapacity(64)
        roomy.append("abc")
        #expect(roomy == "abc")
        #expect(!Value.isSmall(Self.words(roomy).1), "a reserved buffer keeps a short string out of line")
    }

    @Test func equalityAndHashFollowTheBytes() {
        let corpus = Self.corpus
        for a in corpus {
            for b in corpus {
                let sameBytes = Array(a.utf8) == Array(b.utf8)
                #expect((Value.string(a) == Value.string(b)) == sameBytes, "\(a) vs \(b)")
                if sameBytes {
                    #expect(Value.string(a).hash64(seed: 7) == Value.string(b).hash64(seed: 7), "\(a)")
                }
            }
        }
    }

    @Test func hashesSpreadShortKeys() {
        // Every length from 0 to 40 takes a different path through the hash; no two of
        // these distinct keys may collide.
        var seen = Set<UInt64>()
        for n in 0...40 {
            for c in ["a", "b"] {
                seen.insert(Value.string(String(repeating: c, count: n)).hash64(seed: 1))
            }
        }
        #expect(seen.count == 81)
    }
}
