// ExampleLocator: finds the GymCoach example the demo runs, relative to the executable
// rather than the working directory, so `agentspec demo` works from any folder. The
// example stays one set of files (examples/gymcoach, which validate, health and CI
// check) instead of a second copy inside the binary. Looked for, in order, beside each
// ancestor of the executable's real path (symlinks resolved through /proc/self/exe):
//   <dir>/examples/gymcoach/agent.yaml               the source tree (.build/…/agentspec)
//   <dir>/share/agentspec/examples/gymcoach/agent.yaml  an install prefix (bin/agentspec)
#if canImport(Glibc)
import Glibc
#endif

enum ExampleLocator {
    static let relativeManifest = "examples/gymcoach/agent.yaml"
    /// .build/<triple>/<config>/agentspec sits four levels below the repository root.
    static let maxAncestors = 5

    /// The example manifest's path, or the places looked at when it is not found.
    static func gymcoachManifest() -> Result<String, NotFound> {
        guard let executable = executablePath() else { return .failure(NotFound(looked: [])) }
        var looked: [String] = []
        var dir = parent(executable)
        for _ in 0..<maxAncestors {
            for candidate in [dir + "/" + relativeManifest, dir + "/share/agentspec/" + relativeManifest] {
                let path = candidate.hasPrefix("//") ? String(candidate.dropFirst()) : candidate
                if access(path, R_OK) == 0 { return .success(path) }
                looked.append(path)
            }
            if dir == "/" { break }
            dir = parent(dir)
        }
        return .failure(NotFound(looked: looked))
    }

    struct NotFound: Error {
        var looked: [String]
    }

    /// The running executable's real path.
    static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let head = String(path[..<slash])
        return head.isEmpty ? "/" : head
    }
}
