// An https:// upstream (Python with a self-signed certificate), reached through the
// system libcurl: the proxy refuses it with 502 while certificate verification fails,
// and forwards method, body, status and fields once the certificate's authority is
// trusted (HTTPClientConfiguration.certificateAuthorityFile); HTTPClient's https path
// answers and keeps its body limit; a missing libcurl is an error that names it.
import Foundation
import SystemCalls
import Testing
@testable import Sidecar

@Suite struct HTTPSUpstreamTests {
    static let server = #"""
import http.server, ssl, sys
class H(http.server.BaseHTTPRequestHandler):
    def answer(self, body):
        self.send_response(201 if self.command == 'POST' else 200)
        self.send_header('Content-Length', str(len(body))); self.send_header('X-Upstream', 'tls')
        self.end_headers(); self.wfile.write(body)
    def do_GET(self): self.answer(b'secure ' + self.path.encode())
    def do_POST(self):
        self.answer(b'posted ' + self.rfile.read(int(self.headers['Content-Length'])) + b' ' + self.headers.get('X-Test', '').encode())
    def log_message(self, *a): pass
s = http.server.HTTPServer(('127.0.0.1', 0), H)
c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); c.load_cert_chain(sys.argv[1], sys.argv[2])
s.socket = c.wrap_socket(s.socket, server_side=True)
print(s.server_address[1], flush=True)
s.serve_forever()
"""#

    /// A TLS upstream with a fresh self-signed certificate for 127.0.0.1.
    final class TLSUpstream {
        let directory: URL
        let certificate: String
        let process: BackgroundProcess
        let port: String

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("agentspec-tls-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            certificate = directory.appendingPathComponent("cert.pem").path
            let key = directory.appendingPathComponent("key.pem").path
            let made = try ProcessRunner.run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                                                         "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"])
            try #require(made.status == 0, "\(made.stderr)")
            process = try BackgroundProcess("python3", ["-c", HTTPSUpstreamTests.server, certificate, key])
            port = process.firstLine()
        }

        var url: String { "https://127.0.0.1:\(port)" }

        deinit {
            process.stop()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    @Test func certificateIsVerified() throws {
        let upstream = try TLSUpstream()
        let proxy = try ReverseProxy(configuration: ReverseProxyConfiguration(upstream: upstream.url))
        let front = try TestServer { proxy.forward($0) }
        defer { front.stop() }
        let rejected = try ProcessRunner.run("curl", ["-si", front.url + "/x"]).stdout
        #expect(rejected.hasPrefix("HTTP/1.1 502"), "\(rejected)")
        #expect(rejected.contains("certificate"))
    }

    @Test func trustedUpstreamIsForwarded() throws {
        let upstream = try TLSUpstream()
        var configuration = ReverseProxyConfiguration(upstream: upstream.url)
        configuration.client.certificateAuthorityFile = upstream.certificate
        let proxy = try ReverseProxy(configuration: configuration)
        let front = try TestServer { proxy.forward($0) }
        defer { front.stop() }
        let got = try ProcessRunner.run("curl", ["-si", front.url + "/x?a=1"]).stdout
        #expect(got.hasPrefix("HTTP/1.1 200"), "\(got)")
        #expect(got.contains("X-Upstream: tls"), "\(got)")
        #expect(got.hasSuffix("\r\n\r\nsecure /x?a=1"), "\(got)")
        let posted = try ProcessRunner.run("curl", ["-si", "-X", "POST", "-H", "X-Test: kept", "--data-binary", "hello", front.url + "/p"]).stdout
        #expect(posted.hasPrefix("HTTP/1.1 201"), "\(posted)")
        #expect(posted.hasSuffix("\r\n\r\nposted hello kept"), "\(posted)")
    }

    @Test func clientSendsOverHTTPS() async throws {
        let upstream = try TLSUpstream()
        var configuration = HTTPClientConfiguration()
        configuration.certificateAuthorityFile = upstream.certificate
        let client = try HTTPClient(configuration: configuration)
        defer { client.shutdown() }
        let response = try await client.send(HTTPClientRequest(url: upstream.url + "/c", method: .post,
                                                               headers: ["X-Test": "yes"], body: Array("body".utf8)))
        #expect(response.head.status == 201)
        #expect(String(decoding: response.body, as: UTF8.self) == "posted body yes")
        let limited = HTTPClientRequest(url: upstream.url + "/long-path", maxResponseBodyBytes: 4)
        await #expect(throws: HTTPClientError.responseTooLarge(limit: 4)) { try await client.send(limited) }
    }

    @Test func missingLibcurlIsNamed() {
        let failure = SystemCurl.load("libagentspec-absent.so.4")
        #expect(failure?.kind == .unavailable)
        #expect(failure?.message.contains("HTTPS needs the system libcurl (libagentspec-absent.so.4)") == true, "\(String(describing: failure))")
    }
}
