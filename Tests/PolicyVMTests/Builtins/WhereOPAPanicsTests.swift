// Inputs on which OPA v1.20.2 panics (a Go runtime error instead of an answer), so the
// OPA tables cannot hold them (scripts/gen_builtin_opa_tables.py leaves them out):
// here they must end in a clear builtin error that says why, never a crash.
import Testing
@testable import PolicyVM

@Suite struct WhereOPAPanicsTests {
    /// OPA: "runtime error: invalid memory address or nil pointer dereference".
    @Test func jsonPatchRemovingTheWholeDocument() throws {
        let patch = try JSONReader.parse(#"[{"op": "remove", "path": ""}]"#)
        let e = Call.error("json.patch", [try JSONReader.parse(#"{"a": 1}"#), patch])
        #expect(e == BuiltinError(.builtin, "json.patch: the patch removed the whole document"))
    }

    /// OPA: "runtime error: index out of range [15] with length 0" once two IPv4-mapped
    /// IPv6 networks meet (its ranges for them are 28 bytes long).
    @Test(arguments: [["::ffff:10.0.0.0/120", "::ffff:10.0.1.0/120"], ["::ffff:10.0.0.0/120", "::ffff:10.0.0.0/120"],
                      ["::ffff:10.0.0.0/121", "::ffff:10.0.0.128/121"]])
    func cidrMergeOfMeetingIPv4MappedNetworks(_ cidrs: [String]) {
        let e = Call.error("net.cidr_merge", [.array(cidrs.map(Value.string))])
        #expect(e?.kind == .builtin)
        #expect(e?.message.hasPrefix("net.cidr_merge: IPv4-mapped IPv6 networks that meet cannot be merged") == true)
    }

    /// One IPv4-mapped network alone, or beside IPv4 ones it does not meet in OPA's
    /// order, is an answer, not an error.
    @Test func cidrMergeOfALoneIPv4MappedNetwork() throws {
        #expect(try Call.run("net.cidr_merge", [.array([.string("::ffff:10.0.0.0/120")])]) == .set([.string("10.0.0.0/24")]))
    }
}
