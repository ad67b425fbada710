// Control-plane access: exactly one Authorization field, the Bearer scheme in any case
// (RFC 9110 §11.1), one or more spaces before the token, the token compared exactly;
// and which bind addresses keep the control plane on loopback.
import Testing
@testable import Sidecar

@Suite struct ControlPlaneAccessTests {
    static let token = "s3cret-token"

    @Test(arguments: [
        ([("Authorization", "Bearer s3cret-token")], true),
        ([("authorization", "bearer s3cret-token")], true),
        ([("AUTHORIZATION", "BEARER s3cret-token")], true),
        ([("Authorization", "bEaReR   s3cret-token")], true),
        ([("Authorization", "Bearer s3cret-token"), ("Authorization", "Bearer s3cret-token")], false),
        ([("Authorization", "Bearer wrong"), ("Authorization", "Bearer s3cret-token")], false),
        ([("Authorization", "Bearer s3cret-token"), ("Authorization", "Bearer wrong")], false),
        ([("Authorization", "Bearer s3cret-tokenx")], false),
        ([("Authorization", "Bearer s3cret-toke")], false),
        ([("Authorization", "Bearer")], false),
        ([("Authorization", "Bearer ")], false),
        ([("Authorization", "s3cret-token")], false),
        ([("Authorization", "Basic s3cret-token")], false),
        ([("Authorization", "Bearers3cret-token")], false),
        ([("X-Authorization", "Bearer s3cret-token")], false),
        ([], false),
    ])
    func onlyOneBearerFieldWithTheTokenIsAuthorized(fields: [(String, String)], authorized: Bool) {
        #expect(ControlPlaneAccess.isAuthorized(HTTPHeaders(fields), token: Self.token) == authorized)
    }

    @Test(arguments: [("127.0.0.1", true), ("127.1.2.3", true), ("::1", true), ("localhost", true),
                      ("0.0.0.0", false), ("::", false), ("10.1.2.3", false), ("no-such-host.invalid", false)])
    func loopbackBindAddressesAreKnown(host: String, loopback: Bool) {
        #expect(ControlPlaneAccess.isLoopbackOnly(host) == loopback)
        #expect((ControlPlaneAccess.exposureWarning(bindAddress: host, token: nil) == nil) == loopback)
        #expect(ControlPlaneAccess.exposureWarning(bindAddress: host, token: "t") == nil)
    }

    @Test(arguments: [("127.0.0.1", true), ("127.9.9.9", true), ("::1", true), ("192.0.2.7", false), ("fd00::2", false),
                      ("unknown", false)])
    func withoutATokenOnlyLoopbackPeersPushEvents(peer: String, mayPush: Bool) {
        #expect(ControlPlaneAccess.mayPushEvents(peer: peer, token: nil) == mayPush)
        #expect(ControlPlaneAccess.mayPushEvents(peer: peer, token: "t"), "with a token, the token decides")
    }
}
