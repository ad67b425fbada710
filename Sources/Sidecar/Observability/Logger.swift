// Logger: one JSON object per line on stdout (warn and error on stderr), with `ts`,
// `level` and `msg` first. Fields named in the manifest's `redactFields` are written as
// "[REDACTED]" wherever they appear, nested objects included. Thread-safe; a line is
// written under one lock (Syscall.writeAll), so lines from different threads never interleave.
import PolicyVM
import Synchronization
import SystemCalls

/// A structured JSON-lines logger.
final class Logger: Sendable {
    let level: LogLevel
    private let redacted: SecretFieldNames
    private let writeLock = Mutex(())

    init(level: LogLevel, redactFields: [String] = []) {
        self.level = level
        self.redacted = SecretFieldNames(redactFields: redactFields)
    }

    func isEnabled(_ l: LogLevel) -> Bool { l >= level }

    func debug(_ msg: String, _ fields: @autoclosure () -> [(String, Value)] = []) { log(.debug, msg, fields()) }
    func info(_ msg: String, _ fields: @autoclosure () -> [(String, Value)] = []) { log(.info, msg, fields()) }
    func warn(_ msg: String, _ fields: @autoclosure () -> [(String, Value)] = []) { log(.warn, msg, fields()) }
    func error(_ msg: String, _ fields: @autoclosure () -> [(String, Value)] = []) { log(.error, msg, fields()) }

    func log(_ l: LogLevel, _ msg: String, _ fields: [(String, Value)]) {
        guard isEnabled(l) else { return }
        var out: [UInt8] = []
        out.reserveCapacity(160)
        out.append(contentsOf: "{\"ts\":".utf8)
        JSONWriter.appendString(Clock.iso8601(Clock.unixNanoseconds()), to: &out)
        out.append(contentsOf: ",\"level\":".utf8)
        JSONWriter.appendString(l.rawValue, to: &out)
        out.append(contentsOf: ",\"msg\":".utf8)
        JSONWriter.appendString(msg, to: &out)
        for (k, v) in fields {
            out.append(UInt8(ascii: ","))
            JSONWriter.appendString(k, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONWriter.append(redacted.contains(k) ? .string("[REDACTED]") : redact(v), to: &out)
        }
        out.append(contentsOf: "}\n".utf8)
        let fd: Int32 = l >= .warn ? 2 : 1
        writeLock.withLock { _ in
            out.withUnsafeBytes { Syscall.writeAll(fd, $0) }
        }
    }

    func redact(_ v: Value) -> Value {
        guard !redacted.isEmpty else { return v }
        switch v {
        case .object(let o):
            var out: RegoObject = [:]
            for (k, x) in o {
                if case .string(let name) = k, redacted.contains(name) { out[k] = .string("[REDACTED]") } else { out[k] = redact(x) }
            }
            return .object(out)
        case .array(let a): return .array(a.map(redact))
        default: return v
        }
    }
}
