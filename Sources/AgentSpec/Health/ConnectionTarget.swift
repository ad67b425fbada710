// ConnectionTarget: where a connection string points — scheme, host, port, user,
// password, database — read from URL forms (`redis://:pw@host:6379/0`,
// `postgresql://user@host/db`, `http://host:9200`) or a bare `host[:port]`.
// Invariant: never echoes a password; `display` is safe to print.
import Foundation

/// A parsed connection string.
struct ConnectionTarget: Sendable, Equatable {
    var scheme: String?
    var host: String
    var port: Int
    var user: String?
    var password: String?
    /// The path without its leading `/` (a database name or number), if any.
    var database: String?

    /// `host:port` (IPv6 hosts in brackets).
    var hostPort: String { (host.contains(":") ? "[\(host)]" : host) + ":\(port)" }

    /// `scheme://host:port` without credentials.
    var display: String { (scheme.map { $0 + "://" } ?? "") + hostPort }

    /// Reads `text`; `defaultPort` applies when it names none. Nil when no host can be
    /// found (a DSN in key=value form, a socket path, an empty string).
    init?(parsing text: String, defaultPort: Int) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.contains("://") {
            guard let url = URLComponents(string: trimmed), let host = url.host, !host.isEmpty else { return nil }
            scheme = url.scheme?.lowercased()
            self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
            guard (url.port ?? 1) > 0, (url.port ?? 1) <= 65535 else { return nil }
            port = url.port ?? defaultPort
            user = url.user.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding ?? $0 }
            password = url.password.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding ?? $0 }
            let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
            database = path.isEmpty ? nil : path
            return
        }
        guard !trimmed.isEmpty, !trimmed.contains(where: { $0 == " " || $0 == "=" || $0 == "/" }) else { return nil }
        scheme = nil
        if let colon = trimmed.lastIndex(of: ":"), !trimmed.hasSuffix("]") {
            guard let p = Int(trimmed[trimmed.index(after: colon)...]), (1...65535).contains(p) else { return nil }
            port = p
            host = String(trimmed[..<colon])
        } else {
            port = defaultPort
            host = trimmed
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
    }

    /// The usual port of each kind of service.
    static func defaultPort(for kind: RequiredService.Kind) -> Int {
        switch kind {
        case .postgres: return 5432
        case .redis: return 6379
        case .mysql: return 3306
        case .mongodb: return 27017
        case .elasticsearch: return 9200
        }
    }
}
