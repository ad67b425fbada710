// SystemFacts: what the machine offers that a manifest may require — memory (the
// smaller of physical memory and the cgroup limit), executables on PATH, and the
// version an interpreter reports (`node --version`, `python3 --version`), each read
// without a shell and within a deadline.
import Foundation
import Synchronization

/// Facts about the host, read on demand.
enum SystemFacts {
    /// Usable memory in MiB: MemTotal from /proc/meminfo, lowered to the cgroup v2 (or
    /// v1) limit when one is set. Nil when neither can be read.
    static func memoryMB() -> Int? {
        var best: Int?
        if let info = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = info.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal:") }),
           let kb = Int(line.split(separator: " ").dropFirst().first ?? "") {
            best = kb / 1024
        }
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                  let bytes = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { continue }
            let mb = bytes / (1024 * 1024)
            best = min(best ?? mb, mb)
        }
        return best
    }

    /// The full path of an executable: `name` itself when it contains a `/`, else the
    /// first match on `PATH`.
    static func executable(_ name: String, path: String?) -> String? {
        let fm = FileManager.default
        if name.contains("/") { return fm.isExecutableFile(atPath: name) ? name : nil }
        for dir in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = String(dir) + "/" + name
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: candidate, isDirectory: &isDir), !isDir.boolValue, fm.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }

    /// Runs `executable arguments…` and returns its stdout and stderr together; nil when
    /// it cannot start, fails, or outlives the deadline (it is then terminated).
    static func output(of executable: String, _ arguments: [String], deadline: Deadline) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        p.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in exited.signal() }
        do { try p.run() } catch { return nil }
        let data = Mutex<Data>(Data())
        let drained = DispatchSemaphore(value: 0)
        let reader = pipe.fileHandleForReading
        Thread.detachNewThread {
            let bytes = reader.readDataToEndOfFile()
            data.withLock { $0 = bytes }
            drained.signal()
        }
        if exited.wait(timeout: .now() + .milliseconds(Int(deadline.remainingMilliseconds))) == .timedOut {
            p.terminate()
            return nil
        }
        guard drained.wait(timeout: .now() + .milliseconds(Int(max(deadline.remainingMilliseconds, 100)))) == .success,
              p.terminationStatus == 0 else { return nil }
        return String(decoding: data.withLock { $0 }, as: UTF8.self)
    }

    /// The first `N.N[.N]` in a version banner (`v20.11.1`, `Python 3.11.4`).
    static func version(in text: String) -> [Int]? {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if ("0"..."9").contains(scalars[i]) {
                var j = i
                while j < scalars.count, ("0"..."9").contains(scalars[j]) || scalars[j] == "." { j += 1 }
                let parts = String(String.UnicodeScalarView(scalars[i..<j])).split(separator: ".").compactMap { Int($0) }
                if parts.count >= 2 { return parts }
                i = j
            } else {
                i += 1
            }
        }
        return nil
    }
}
