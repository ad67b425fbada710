// DataDocument: the base `data` document assembled from data files, each placed at its
// folder's path (`a/b/data.json` at `data.a.b`), merged the way OPA's loader merges
// them: objects merge key by key, and any other overlap — two values at one path, even
// equal ones — is an error naming both files (OPA: "merge error"). Invariant: a failed
// insert leaves the document as it was.
import PolicyVM

struct DataDocument {
    private(set) var value: Value = .emptyObject
    /// Where each file's data was placed, to name the other side of a conflict.
    private(set) var placements: [(path: [String], file: String, data: Value)] = []

    /// Places `data` at `path` below the root; `file` names it in errors. At the root
    /// the data must be an object (it becomes the top of `data`).
    mutating func insert(_ data: Value, at path: [String], from file: String) throws(PolicyLoadError) {
        if path.isEmpty, !isObject(data) {
            throw PolicyLoadError(file, "data at the root of data must be an object (document must be of type object)")
        }
        var tree = data
        for key in path.reversed() { tree = .object([.string(key): tree]) }
        switch Self.merged(value, tree, at: []) {
        case .success(let merged):
            value = merged
            placements.append((path, file, data))
        case .failure(let conflict):
            let dotted = (["data"] + conflict.path).joined(separator: ".")
            let other = placements.last { Self.holds($0.data, placedAt: $0.path, somethingAt: conflict.path) }?.file
            throw PolicyLoadError(file, "data at \(dotted) overlaps " + (other.map { "data from \($0)" } ?? "data loaded before")
                                  + " (merge error: only objects merge)")
        }
    }

    private struct Conflict: Error { let path: [String] }

    /// `a` and `b` merged; a conflict reports the first path where they collide.
    private static func merged(_ a: Value, _ b: Value, at path: [String]) -> Result<Value, Conflict> {
        guard case .object(var left) = a, case .object(let right) = b else { return .failure(Conflict(path: path)) }
        for (key, add) in right {
            guard let existing = left[key] else { left[key] = add; continue }
            let keyText: String
            if case .string(let s) = key { keyText = s } else { keyText = JSONWriter.write(key) }
            switch merged(existing, add, at: path + [keyText]) {
            case .success(let v): left[key] = v
            case .failure(let c): return .failure(c)
            }
        }
        return .success(.object(left))
    }

    /// `data`, placed at `placement`, puts something at `path` or below it.
    private static func holds(_ data: Value, placedAt placement: [String], somethingAt path: [String]) -> Bool {
        if placement.count >= path.count { return Array(placement.prefix(path.count)) == path }
        guard Array(path.prefix(placement.count)) == placement else { return false }
        var node = data
        for key in path.dropFirst(placement.count) {
            guard let next = node.field(key) else { return false }
            node = next
        }
        return true
    }

    private func isObject(_ v: Value) -> Bool {
        if case .object = v { return true }
        return false
    }
}
