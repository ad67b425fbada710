// E2EHTTP: the tests' HTTP client is the real curl, run as a process; its raw answer
// (`curl -i`) is split into status, headers (in order, repeats kept) and body bytes, so
// a test sees exactly what a client on the wire sees.
import Foundation

/// One HTTP response as curl received it.
struct HTTPReply: Sendable, CustomStringConvertible {
    let status: Int
    let headers: [(name: String, value: String)]
    let body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
    var description: String { "HTTP \(status) \(headers.map { "\($0.name): \($0.value)" }) \(text.prefix(2000))" }

    /// Every value of the header `name` (case-insensitive).
    func values(_ name: String) -> [String] {
        headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }

    func header(_ name: String) -> String? { values(name).first }

    /// The names of all headers, lowercased.
    var headerNames: Set<String> { Set(headers.map { $0.name.lowercased() }) }

    func object() throws -> [String: Any] {
        guard let o = try JSONSerialization.jsonObject(with: body) as? [String: Any] else { throw E2EError("not a JSON object: \(self)") }
        return o
    }

    func array() throws -> [[String: Any]] {
        guard let a = try JSONSerialization.jsonObject(with: body) as? [[String: Any]] else { throw E2EError("not a JSON array: \(self)") }
        return a
    }
}

enum Curl {
    static let path = ["/usr/bin/curl", "/usr/local/bin/curl", "/bin/curl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Sends one request with curl. `headers` are `Name: value` lines; a body is sent
    /// verbatim (`--data-binary`). Times out after `maxTime` seconds.
    static func request(_ url: String, method: String = "GET", headers: [String] = [], body: Data? = nil,
                        maxTime: Double = 15, extra: [String] = []) async throws -> HTTPReply {
        guard let curl = path else { throw E2EError("curl is not installed") }
        var args = ["-s", "-S", "-i", "--max-time", String(maxTime), "-H", "Expect:"]
        if method == "HEAD" { args.append("-I") } else if method != "GET" || body != nil { args += ["-X", method] }
        for h in headers { args += ["-H", h] }
        var bodyFile: URL?
        if let body {
            let f = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-body-\(UUID().uuidString)")
            try body.write(to: f)
            bodyFile = f
            args += ["--data-binary", "@" + f.path]
        }
        defer { if let bodyFile { try? FileManager.default.removeItem(at: bodyFile) } }
        args += extra
        args.append(url)
        let argv = args
        let (status, out, err) = try await offload { try runCapturing(curl, argv) }
        guard status == 0 else {
            throw E2EError("curl \(method) \(url) failed (exit \(status)): \(String(decoding: err, as: UTF8.self))")
        }
        return try parse(out)
    }

    /// `curl -i` output: header blocks (1xx first) then the body.
    static func parse(_ raw: Data) throws -> HTTPReply {
        var rest = raw[...]
        let separator = Data("\r\n\r\n".utf8)
        while true {
            guard let end = rest.range(of: separator) else { throw E2EError("no HTTP head in curl output: \(String(decoding: raw, as: UTF8.self))") }
            let lines = String(decoding: rest[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
            let statusParts = lines[0].split(separator: " ")
            guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw E2EError("bad status line \(lines[0])") }
            rest = rest[end.upperBound...]
            if (100..<200).contains(status) { continue }
            let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            return HTTPReply(status: status, headers: headers, body: Data(rest))
        }
    }
}

/// Runs a program to completion, returning its exit status, stdout and stderr.
func runCapturing(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (Int32, Data, Data) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    if let environment { p.environment = environment }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    try p.run()
    ProcessRegistry.shared.add(p.processIdentifier)
    defer { ProcessRegistry.shared.remove(p.processIdentifier) }
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data()
    group.enter()
    // A thread of its own: a global-queue job shares the task pool's few threads, which
    // this caller (a test) already holds while it waits.
    Thread.detachNewThread { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    p.waitUntilExit()
    return (p.terminationStatus, outData, errData)
}

extension Dictionary where Key == String, Value == Any {
    func string(_ key: String) -> String? { self[key] as? String }
    func strings(_ key: String) -> [String]? { self[key] as? [String] }
    func int(_ key: String) -> Int? { self[key] as? Int }
    func object(_ key: String) -> [String: Any]? { self[key] as? [String: Any] }
    func objects(_ key: String) -> [[String: Any]]? { self[key] as? [[String: Any]] }
}

/// A JSON body for a request.
func jsonBody(_ object: Any) throws -> Data {
    try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
}
