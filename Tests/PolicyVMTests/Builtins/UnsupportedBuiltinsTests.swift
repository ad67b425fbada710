// OPA builtins the VM leaves out: none of them is registered, and calling one fails at
// compile time with OPA's code and a reason beside OPA's "undefined function" text.
import Testing
@testable import PolicyVM

@Suite struct UnsupportedBuiltinsTests {
    @Test func noneIsRegistered() {
        for name in UnsupportedBuiltins.reasons.keys {
            #expect(BuiltinRegistry.lookup(name) == nil, "\(name) is registered and listed as unsupported")
        }
    }

    @Test(arguments: ["http.send({\"method\": \"get\", \"url\": \"http://x\"})", "net.lookup_ip_addr(\"example.com\")"])
    func networkBuiltinsSayWhy(_ call: String) {
        let module = "package p\nx := \(call)\n"
        #expect {
            _ = try PolicyCompiler.compile([("p.rego", module)], data: .emptyObject)
        } throws: { error in
            let first = (error as? PolicyErrors)?.errors.first ?? (error as? PolicyError)
            return first?.code == .type && first?.message.contains("undefined function") == true
                && first?.message.contains("agentspec policies make no network calls") == true
        }
    }

    @Test func anUnknownNameKeepsOPAsPlainText() {
        #expect {
            _ = try PolicyCompiler.compile([("p.rego", "package p\nx := no.such.fn(1)\n")], data: .emptyObject)
        } throws: { error in
            let first = (error as? PolicyErrors)?.errors.first ?? (error as? PolicyError)
            return first?.message.hasSuffix("undefined function no.such.fn") == true
        }
    }
}
