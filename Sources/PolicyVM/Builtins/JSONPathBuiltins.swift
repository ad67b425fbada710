// JSON path builtins: json.filter, json.remove (keep or drop the parts of an object
// named by JSON pointers or path arrays) and json.patch (RFC 6902 operations, with
// OPA's extensions: array paths, sets). Invariant: paths are read as OPA reads them —
// leading slashes dropped, `~1` then `~0` unescaped, array indexes written as decimal
// strings in filter and remove — and a shorter path wins over a longer one it prefixes.

enum JSONPathBuiltins {
    static let all: [Builtin] = [filter, remove, patch]

    /// json.filter(object, paths): only what the paths name.
    static let filter = builtin("json.filter") { ops throws(BuiltinError) in
        let object = ops[1]
        _ = try ops.object(1)
        let tree = pathTree(try paths(ops))
        return keep(object, tree)
    }

    /// json.remove(object, paths): everything but what the paths name.
    static let remove = builtin("json.remove") { ops throws(BuiltinError) in
        let object = ops[1]
        _ = try ops.object(1)
        let tree = pathTree(try paths(ops))
        return drop(object, tree)
    }

    /// json.patch(document, operations): the document after each operation in turn.
    static let patch = builtin("json.patch") { ops throws(BuiltinError) in
        let operations = try ops.array(2)
        let root = JSONPatchTree(ops[1])
        do {
            for operation in operations {
                guard case .object(let o) = operation else {
                    throw JSONPatchError("must be an array of JSON-Patch objects, but at least one element is not an object")
                }
                try apply(o, to: root, ops)
            }
        } catch let e as JSONPatchError {
            throw .failure(ops.name, e.message)
        } catch let e as BuiltinError {
            throw e
        } catch {
            throw .failure(ops.name, "\(error)")
        }
        guard let result = root.render() else { throw .failure(ops.name, "the patch removed the whole document") }
        return result
    }

    /// One operation: its attributes checked in OPA's order (path and op present, the
    /// path read, op a known name, then from for move and copy, value for add, replace
    /// and test), then applied. The order was read off OPA's engine: `{"x": 1}` lacks
    /// 'path' there, `{"path": 1}` 'op', and `{"op": "add", "path": 1}` is refused for
    /// its path before its missing value.
    private static func apply(_ o: RegoObject, to root: JSONPatchTree, _ ops: Operands) throws {
        func attribute(_ name: String) throws(JSONPatchError) -> Value {
            guard let v = o[.string(name)] else { throw JSONPatchError("missing required attribute '\(name)'") }
            return v
        }
        let pathValue = try attribute("path")
        let opValue = try attribute("op")
        let path = try JSONPathBuiltins.path(pathValue, ops)
        guard case .string(let op) = opValue else {
            throw JSONPatchError("attribute 'op' must be a string but found: \(opValue.typeName)")
        }
        guard ["add", "remove", "replace", "move", "copy", "test"].contains(op) else {
            throw JSONPatchError("unrecognized op: '\(op)'")
        }
        let from = op == "move" || op == "copy" ? try attribute("from") : nil
        let value = op == "add" || op == "replace" || op == "test" ? try attribute("value") : nil
        switch op {
        case "add":
            try insert(value!, at: path, in: root)
        case "remove":
            try delete(at: path, in: root)
        case "replace":
            try delete(at: path, in: root)
            try insert(value!, at: path, in: root)
        case "move", "copy":
            let source = try JSONPathBuiltins.path(from!, ops)
            guard let chunk = try root.unfold(source[...]).render() else { return }
            if op == "move" { try delete(at: source, in: root) }
            try insert(chunk, at: path, in: root)
        default:  // test
            let found = try root.unfold(path[...]).render()
            guard found == value! else {
                throw JSONPatchError("value from EditTree != patch value.\n\nExpected: \(value!.regoText)\n\nFound: \(found?.regoText ?? "<nil>")")
            }
        }
    }

    private static func insert(_ value: Value, at path: [Value], in root: JSONPatchTree) throws(JSONPatchError) {
        guard let last = path.last else {
            root.reset(to: value)
            return
        }
        try root.unfold(path.dropLast()).insert(last, value)
    }

    private static func delete(at path: [Value], in root: JSONPatchTree) throws(JSONPatchError) {
        guard let last = path.last else {
            if case .removed = root.node { throw JSONPatchError("deleted node encountered during delete operation") }
            root.node = .removed
            return
        }
        try root.unfold(path.dropLast()).delete(last)
    }

    /// Operand 2 of filter and remove: an array or set of paths.
    private static func paths(_ ops: Operands) throws(BuiltinError) -> [[Value]] {
        var out: [[Value]] = []
        switch ops[2] {
        case .array(let items): for item in items { out.append(try path(item, ops)) }
        case .set(let items): for item in items.sorted() { out.append(try path(item, ops)) }
        default: throw .operand(ops.name, 2, "one of {set, array}", got: ops[2])
        }
        return out
    }

    /// A path: a JSON pointer string (`/a/b`, `~1` for `/`, `~0` for `~`; "" is the
    /// root) or an array of segments.
    private static func path(_ value: Value, _ ops: Operands) throws(BuiltinError) -> [Value] {
        switch value {
        case .string(let s):
            if s.isEmpty { return [] }
            let trimmed = s.drop { $0 == "/" }
            return trimmed.split(separator: "/", omittingEmptySubsequences: false).map { part in
                .string(GoReplacer.replace(GoReplacer.replace(String(part), pairs: [("~1", "/")]), pairs: [("~0", "~")]))
            }
        case .array(let segments):
            return segments
        default:
            throw .operandText(ops.name, 2, "must be one of {set, array} containing string paths or array of path segments but got \(value.typeName)")
        }
    }

    /// The paths as a tree of objects whose leaves are null; a path ending where
    /// another goes on replaces the longer one, in whatever order they come.
    private static func pathTree(_ paths: [[Value]]) -> Value {
        func add(_ path: ArraySlice<Value>, to node: inout RegoObject) {
            guard let key = path.first else { return }
            if path.count == 1 {
                node[key] = .null
                return
            }
            var child: RegoObject
            switch node[key] {
            case .null?: return   // a shorter path already takes all of it
            case .object(let o)?: child = o
            default: child = [:]
            }
            add(path.dropFirst(), to: &child)
            node[key] = .object(child)
        }
        var root: RegoObject = [:]
        for p in paths { add(p[...], to: &root) }
        return .object(root)
    }

    /// OPA's Object.Filter: what `filter` names of `value` (null takes the whole value).
    private static func keep(_ value: Value, _ filter: Value) -> Value {
        guard case .object(let f) = filter else { return value }
        switch value {
        case .object(let o):
            var out: RegoObject = [:]
            for (k, v) in o { if let sub = f[k] { out[k] = keep(v, sub) } }
            return .object(out)
        case .array(let items):
            var out: [Value] = []
            for (i, v) in items.enumerated() { if let sub = f[.string(String(i))] { out.append(keep(v, sub)) } }
            return .array(out)
        case .set(let members):
            var out = Set<Value>()
            for m in members { if let sub = f[m] { out.insert(keep(m, sub)) } }
            return .set(out)
        default:
            return value
        }
    }

    /// OPA's jsonRemove: `value` without what `filter` names (nil: all of it is removed).
    private static func drop(_ value: Value, _ filter: Value?) -> Value? {
        guard let filter else { return value }
        if case .null = filter { return nil }
        guard case .object(let f) = filter else { return value }
        switch value {
        case .object(let o):
            var out: RegoObject = [:]
            for (k, v) in o { if let kept = drop(v, f[k]) { out[k] = kept } }
            return .object(out)
        case .set(let members):
            var out = Set<Value>()
            for m in members { if let kept = drop(m, f[m]) { out.insert(kept) } }
            return .set(out)
        case .array(let items):
            return .array(items.enumerated().compactMap { drop($0.element, f[.string(String($0.offset))]) })
        default:
            return value
        }
    }
}
