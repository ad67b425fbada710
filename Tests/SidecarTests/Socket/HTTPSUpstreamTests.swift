// An https:// upstream (Python with a self-signed certificate): the proxy refuses it
// with 502, because certificate verification is on. (A trusted-certificate case needs
// URLSessionCertificateAuthorityInfoFile set before the process starts; not done here.)
import Foundation
import Testing
@testable import Sidecar

@Suite struct HTTPSUpstreamTests {
    static let server = #"""
import http.server, ssl, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b'secure ' + self.path.encode()
        self.send_response(200); self.send_header('Content-Length', str(len(body))); self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a): pass
s = http.server.HTTPServer(('127.0.0.1', 0), H)
c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); c.load_cert_chain(sys.argv[1], sys.argv[2])
s.socket = c.wrap_socket(s.socket, server_side=True)
print(s.server_address[1], flush=True)
s.serve_forever()
"""#

    @Test func certificateIsVerified() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("agentspec-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cert = directory.appendingPathComponent("cert.pem").path, key = directory.appendingPathComponent("key.pem").path
        let made = try ProcessRunner.run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                                                     "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"])
        try #require(made.status == 0, "\(made.stderr)")
        let upstream = try BackgroundProcess("python3", ["-c", Self.server, cert, key])
        defer { upstream.stop() }
        let port = upstream.firstLine()

        let proxy = try ReverseProxy(configuration: ReverseProxyConfiguration(upstream: "https://127.0.0.1:\(port)"))
        let front = try TestServer { proxy.forward($0) }
        defer { front.stop() }
        let rejected = try ProcessRunner.run("curl", ["-si", front.url + "/x"]).stdout
        #expect(rejected.hasPrefix("HTTP/1.1 502"), "\(rejected)")
        #expect(rejected.contains("certificate"))
    }
}
