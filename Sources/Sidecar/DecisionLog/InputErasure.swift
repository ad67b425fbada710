// InputErasure: the fields named by the manifest's `redactFields` taken out of a decision
// event's `input`, at any depth of its objects, and the JSON Pointers of what was taken,
// as OPA's mask policy records removals in the event's `erased` list (`/input/…`; a
// replaced value would be listed in `masked` instead). Pointers follow RFC 6901: `~` is
// written `~0` and `/` is written `~1` (PositionIndex.escape, as for the manifest's own
// pointers). Array elements are never erased (OPA's pointers name object keys only).
import AgentSpec
import PolicyVM

enum InputErasure {
    /// Removes the secret fields of `value`, the member of the event at `pointer` (the
    /// whole input by default); the pointers erased, sorted.
    static func erase(_ value: inout Value, secrets: SecretFieldNames, at pointer: String = "/input") -> [String] {
        guard !secrets.isEmpty else { return [] }
        var erased: [String] = []
        erase(&value, secrets: secrets, at: pointer, into: &erased)
        return erased.sorted()
    }

    private static func erase(_ value: inout Value, secrets: SecretFieldNames, at pointer: String, into erased: inout [String]) {
        guard case .object(var object) = value else { return }
        var secretKeys: [Value] = []
        var nested: [(key: Value, name: String)] = []
        for (key, member) in object {
            guard case .string(let name) = key else { continue }
            if secrets.contains(name) {
                secretKeys.append(key)
            } else if case .object = member {
                nested.append((key, name))
            }
        }
        guard !secretKeys.isEmpty || !nested.isEmpty else { return }
        for key in secretKeys {
            object.removeValue(forKey: key)
            if case .string(let name) = key { erased.append(pointer + "/" + PositionIndex.escape(name)) }
        }
        for (key, name) in nested {
            guard var member = object[key] else { continue }
            let before = erased.count
            erase(&member, secrets: secrets, at: pointer + "/" + PositionIndex.escape(name), into: &erased)
            if erased.count > before { object.set(key, member) }
        }
        value = .object(object)
    }
}
