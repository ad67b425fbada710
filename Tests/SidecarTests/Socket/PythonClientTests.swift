// The server with Python's http.client: several requests on one persistent connection,
// HTTP/1.0, and a large body read slowly (back-pressure, no unbounded buffering).
import Foundation
import Testing
@testable import Sidecar

@Suite struct PythonClientTests {
    @Test func persistentConnectionWithMixedRequests() throws {
        let server = try TestServer(handler: TestServer.echo)
        defer { server.stop() }
        let script = """
        import http.client, sys
        c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=10)
        for i in range(20):
            if i % 2:
                c.request('POST', '/p%d' % i, body=b'b' * (i * 1000), headers={'Content-Type': 'x'})
            else:
                c.request('GET', '/g%d?q=%d' % (i, i))
            r = c.getresponse()
            data = r.read()
            print(r.status, len(data), r.getheader('X-Target'))
        c.close()
        """
        let result = try ProcessRunner.python(script, [String(server.port)])
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 20, "\(result.stderr)")
        for (index, line) in lines.enumerated() {
            let expectedLength = index % 2 == 1 ? index * 1000 : 5
            let target = index % 2 == 1 ? "/p\(index)" : "/g\(index)?q=\(index)"
            #expect(line == "200 \(expectedLength) \(target)")
        }
    }

    @Test func http10ClosesByDefault() throws {
        let server = try TestServer(handler: TestServer.echo)
        defer { server.stop() }
        let reply = try RawClient.send(["GET /old HTTP/1.0\r\n\r\n"], port: server.port)
        #expect(reply.statuses == [200])
        #expect(reply.closed)
        #expect(String(decoding: reply.raw, as: UTF8.self).contains("Connection: close\r\n"))
    }

    @Test func clientClosingDuringHandlingAbortsTheExchange() throws {
        let aborted = ResultFlag()
        let server = try TestServer { exchange in
            exchange.onAbort = { aborted.set() }
        }
        defer { server.stop() }
        let script = """
        import socket, sys
        s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
        s.sendall(b'GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n')
        s.close()
        """
        _ = try ProcessRunner.python(script, [String(server.port)])
        let deadline = Date().addingTimeInterval(5)
        while !aborted.isSet && Date() < deadline { usleep(2000) }
        #expect(aborted.isSet)
    }

    @Test func slowReaderGetsEverythingInOrder() throws {
        let total = 8 * 1024 * 1024
        let server = try TestServer { exchange in
            exchange.writeHead(HTTPResponseHead(status: 200, headers: ["Content-Length": String(total)]))
            var sent = 0
            let block = [UInt8](repeating: UInt8(ascii: "z"), count: 16 * 1024)
            var maxPending = 0
            func pump() {
                while sent < total && exchange.isWritable {
                    exchange.writeBody(block)
                    sent += block.count
                }
                maxPending = max(maxPending, sent)
                if sent >= total { exchange.end() }
            }
            exchange.onWritable = pump
            pump()
        }
        defer { server.stop() }
        let script = """
        import http.client, sys, time
        c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=20)
        c.request('GET', '/big')
        r = c.getresponse()
        n = 0
        while True:
            d = r.read(256 * 1024)
            if not d: break
            n += len(d)
            time.sleep(0.01)
        print(n)
        """
        let result = try ProcessRunner.python(script, [String(server.port)], timeout: 60)
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == String(total))
    }
}
