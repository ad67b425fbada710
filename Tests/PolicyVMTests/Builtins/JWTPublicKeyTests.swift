// Where OPA would sign or verify a token with public-key cryptography (RSA, ECDSA,
// EdDSA), which the toolchain lacks: the policy is told so, never given a wrong answer.
// verify_rs256 and its kin fail to compile with the reason; encode_sign with such an
// algorithm or key, and decode_verify with a `cert` constraint, are builtin errors
// naming it (OPA would answer; these are the documented divergences).
import Testing
@testable import PolicyVM

@Suite struct JWTPublicKeyTests {
    private let key = #"{"kty": "oct", "k": "c2VjcmV0"}"#

    @Test(arguments: ["io.jwt.verify_rs256", "io.jwt.verify_ps512", "io.jwt.verify_es384", "io.jwt.verify_eddsa"])
    func publicKeyVerifiersSayWhy(_ name: String) {
        #expect {
            _ = try PolicyCompiler.compile([("p.rego", "package p\nx := \(name)(\"a.b.c\", \"k\")\n")], data: .emptyObject)
        } throws: { error in
            let first = (error as? PolicyErrors)?.errors.first ?? (error as? PolicyError)
            return first?.code == .type && first?.message.contains("undefined function \(name)") == true
                && first?.message.contains("no public-key cryptography") == true
        }
    }

    @Test(arguments: [
        #"x := io.jwt.encode_sign({"alg": "RS256"}, {"a": 1}, {"kty": "oct", "k": "c2VjcmV0"})"#,
        #"x := io.jwt.encode_sign({"alg": "ES256"}, {"a": 1}, {"kty": "oct", "k": "c2VjcmV0"})"#,
        #"x := io.jwt.encode_sign({"alg": "HS256"}, {"a": 1}, {"kty": "RSA", "n": "AQAB", "e": "AQAB"})"#,
        #"x := io.jwt.decode_verify("a.b.c", {"cert": "-----BEGIN CERTIFICATE-----"})"#,
    ])
    func publicKeySigningIsAnErrorNamingWhy(_ query: String) throws {
        let program = try PolicyCompiler.compile([], data: .emptyObject)
        let prepared = try PreparedQuery(query, program: program)
        #expect {
            _ = try prepared.evaluate(input: nil, options: EvaluationOptions(strictBuiltinErrors: true))
        } throws: { error in
            let e = (error as? PolicyErrors)?.errors.first ?? (error as? PolicyError)
            return e?.code.rawValue == "eval_builtin_error" && e?.message.contains("no public-key cryptography") == true
        }
    }
}
