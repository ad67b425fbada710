// E2ENginx: a real nginx serving a folder, as a bundle server does — it sends an ETag
// with every file (mtime and size) and answers 304 to a matching If-None-Match. One
// process (`master_process off`, so killing it leaves no worker behind), on a free
// loopback port, with its own prefix under the test's folder; its access log records
// each request's status and If-None-Match, so a test counts the 304s it sent.
// Absent nginx, the tests that need it are skipped and say so (.ci/run installs it and
// fails when they were skipped).
import Foundation
import Testing

/// Where nginx is, if it is installed.
enum NginxAvailability {
    static let path: String? = {
        for candidate in ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx", "/usr/local/bin/nginx"]
        where FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        if let (status, out, _) = try? runCapturing("/bin/sh", ["-c", "command -v nginx"]), status == 0 {
            let found = String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !found.isEmpty { return found }
        }
        return nil
    }()
    static var isAvailable: Bool { path != nil && E2ETools.areAvailable }
    static var reason: Comment {
        Comment(rawValue: path == nil ? "needs nginx (apt-get install nginx; .ci/run installs it)"
                                      : "end-to-end tests need \(E2ETools.problem ?? "python3 and curl")")
    }
}

/// A running nginx.
struct NginxHandle: Sendable {
    let process: BackgroundProcess
    let port: Int
    let accessLog: String
    var url: String { "http://127.0.0.1:\(port)" }

    /// The access log's lines as (status, If-None-Match) pairs.
    func requests() -> [(status: Int, ifNoneMatch: String)] {
        let text = (try? String(contentsOfFile: accessLog, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "|", omittingEmptySubsequences: false)
            guard parts.count >= 3, let status = Int(parts[1]) else { return nil }
            return (status, String(parts[2]))
        }
    }
}

extension E2EHarness {
    /// nginx serving `root` on a free port; ready once it answers.
    func nginx(root: String) async throws -> NginxHandle {
        guard let nginx = NginxAvailability.path else { throw E2EError("nginx is not installed") }
        let prefix = path("nginx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: prefix + "/tmp", withIntermediateDirectories: true)
        let accessLog = prefix + "/access.log"
        for _ in 0..<5 {
            let port = try freePort()
            let conf = """
                master_process off;
                daemon off;
                pid \(prefix)/nginx.pid;
                error_log \(prefix)/error.log;
                events { worker_connections 64; }
                http {
                    log_format bundles escape=none '$request_uri|$status|$http_if_none_match';
                    access_log \(accessLog) bundles;
                    client_body_temp_path \(prefix)/tmp/body;
                    proxy_temp_path \(prefix)/tmp/proxy;
                    fastcgi_temp_path \(prefix)/tmp/fastcgi;
                    uwsgi_temp_path \(prefix)/tmp/uwsgi;
                    scgi_temp_path \(prefix)/tmp/scgi;
                    server {
                        listen 127.0.0.1:\(port);
                        root \(root);
                        etag on;
                    }
                }
                """
            try Data(conf.utf8).write(to: URL(fileURLWithPath: prefix + "/nginx.conf"))
            let p = try spawn("nginx", nginx, ["-p", prefix, "-c", prefix + "/nginx.conf", "-e", prefix + "/error.log"])
            let up = try await poll("nginx to listen", timeout: 15, interval: 0.05) { () -> Bool? in
                if !p.isRunning { return false }
                return acceptsConnections(port) ? true : nil
            }
            if up { return NginxHandle(process: p, port: port, accessLog: accessLog) }
            let log = (try? String(contentsOfFile: prefix + "/error.log", encoding: .utf8)) ?? ""
            guard log.contains("Address already in use") else { throw E2EError("nginx did not start:\n\(log)\n\(p.output)") }
        }
        throw E2EError("nginx found no free port")
    }
}
