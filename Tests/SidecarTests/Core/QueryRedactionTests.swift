// Secret query parameters are kept as [REDACTED]: the manifest's redactFields and the
// default set, names matched ignoring case and percent-encoding; every other byte of the
// target stays as the client sent it.
import Testing
@testable import Sidecar

@Suite struct QueryRedactionTests {
    static let redaction = QueryRedaction(redactFields: ["session_id", "Email"])

    @Test(arguments: [
        ("/chat", "/chat"),
        ("/chat?", "/chat?"),
        ("/chat?q=1&page=2", "/chat?q=1&page=2"),
        ("/chat?api_key=sk-123&q=hi", "/chat?api_key=[REDACTED]&q=hi"),
        ("/chat?q=hi&password=p%40ss&x", "/chat?q=hi&password=[REDACTED]&x"),
        ("/x?Authorization=Bearer%20t&APIKEY=k&apikey=&Token=t&access_token=a&secret=s",
         "/x?Authorization=[REDACTED]&APIKEY=[REDACTED]&apikey=[REDACTED]&Token=[REDACTED]&access_token=[REDACTED]&secret=[REDACTED]"),
        ("/x?api%5Fkey=k&API%5fKEY=k2&pass%77ord=p", "/x?api%5Fkey=[REDACTED]&API%5fKEY=[REDACTED]&pass%77ord=[REDACTED]"),
        ("/x?session_id=abc&EMAIL=a@b.c&e-mail=kept", "/x?session_id=[REDACTED]&EMAIL=[REDACTED]&e-mail=kept"),
        ("/x?token", "/x?token"),
        ("/x?tokens=1&my_token=2&token=3=4", "/x?tokens=1&my_token=2&token=[REDACTED]"),
        ("/x?a=1&&token=t&", "/x?a=1&&token=[REDACTED]&"),
        ("/x?token=a&token=b", "/x?token=[REDACTED]&token=[REDACTED]"),
        ("/x?%zz=1&token%=2&q=%ff%fe", "/x?%zz=1&token%=2&q=%ff%fe"),
        ("/p/ä?naïve=ü&secret=ü", "/p/ä?naïve=ü&secret=[REDACTED]"),
    ])
    func secretValuesAreRedactedAndTheRestKept(target: String, expected: String) {
        #expect(Self.redaction.redact(target) == expected)
        #expect(QueryRedaction.mayRedact(target) == target.contains("?"))
    }

    @Test func theDefaultsHoldWithoutTheManifest() {
        let none = QueryRedaction(redactFields: [])
        #expect(none.redact("/x?api_key=1&session_id=2") == "/x?api_key=[REDACTED]&session_id=2")
    }
}
