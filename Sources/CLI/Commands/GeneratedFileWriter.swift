// GeneratedFileWriter: writes what `generate` and `generate-policy` produce into a
// folder. Invariant: existing files are never overwritten without --force, and then
// nothing at all is written (the caller lists the files in the way).
import AgentSpec
import Foundation

enum GeneratedFileWriter {
    enum Outcome {
        /// Every file written, by path.
        case written([String])
        /// These files exist and --force was not given; nothing was written.
        case exist([String])
        case failed(path: String, reason: String)
    }

    static func write(_ files: [GeneratedFile], into dir: String, force: Bool) -> Outcome {
        let fm = FileManager.default
        let paths = files.map { dir + "/" + $0.path }
        let existing = paths.filter { fm.fileExists(atPath: $0) }
        if !existing.isEmpty && !force { return .exist(existing) }
        for (f, path) in zip(files, paths) {
            do {
                try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(f.contents.utf8).write(to: URL(fileURLWithPath: path))
            } catch {
                return .failed(path: path, reason: error.localizedDescription)
            }
        }
        return .written(paths)
    }

    /// "2 files already exist; nothing written (use --force to overwrite)"
    static func existMessage(_ command: String, _ existing: [String]) -> String {
        "agentspec \(command): \(existing.count) file\(existing.count == 1 ? "" : "s") already exist\(existing.count == 1 ? "s" : ""); nothing written (use --force to overwrite)"
    }
}
