// Traversal builtins: graph.reachable, graph.reachable_paths and walk. walk is a
// relation (one solution per node); its body returns every [path, value] pair as one
// array, which the compiler iterates (BodyCompiler.call). Invariant: every traversal
// charges the evaluation's work limit per node or path it produces, so a cyclic or
// exponential graph ends in a limit error, never a hang.

enum TraversalBuiltins {
    static let all: [Builtin] = [reachable, reachablePaths, walk]

    /// The vertices of a neighbour collection (an array or a set; anything else has none).
    private static func vertices(_ v: Value) -> [Value] {
        switch v {
        case .array(let a): return a
        case .set(let s): return s.sorted()
        default: return []
        }
    }

    private static func initial(_ ops: Operands) throws(BuiltinError) -> [Value] {
        switch ops[2] {
        case .array, .set: return vertices(ops[2])
        default: throw .operand(ops.name, 2, "{array, set}", got: ops[2])
        }
    }

    /// graph.reachable(graph, initial): every vertex reachable from the initial ones
    /// (the initial ones included) that the graph has an entry for.
    static let reachable = builtin("graph.reachable") { ops, context throws(BuiltinError) in
        let graph = try ops.object(1)
        var queue = try initial(ops)[...]
        var reached = Set<Value>()
        while let node = queue.popFirst() {
            guard let edges = graph[node] else { continue }
            try context.charge(1, ops.name)
            for neighbour in vertices(edges) where !reached.contains(neighbour) { queue.append(neighbour) }
            reached.insert(node)
        }
        return .set(reached)
    }

    /// graph.reachable_paths(graph, initial): every path from an initial vertex that
    /// ends at a vertex without neighbours, before a vertex the path already holds,
    /// or before a vertex the graph has no entry for.
    static let reachablePaths = builtin("graph.reachable_paths") { ops, context throws(BuiltinError) in
        let graph = try ops.object(1)
        var paths = Set<Value>()
        for node in try initial(ops) {
            guard let edges = graph[node] else { continue }
            let neighbours = vertices(edges)
            if neighbours.isEmpty {
                paths.insert(.array([node]))
                continue
            }
            for neighbour in neighbours {
                try extend(graph, neighbour, path: [node], onPath: [node], into: &paths, &context, ops.name)
            }
        }
        return .set(paths)
    }

    private static func extend(_ graph: RegoObject, _ node: Value, path: [Value], onPath: Set<Value>,
                               into paths: inout Set<Value>, _ context: inout BuiltinContext, _ name: String) throws(BuiltinError) {
        try context.charge(1, name)
        guard let edges = graph[node] else {
            paths.insert(.array(path))
            return
        }
        let path = path + [node]
        let neighbours = vertices(edges)
        if neighbours.isEmpty {
            paths.insert(.array(path))
            return
        }
        let onPath = onPath.union([node])
        for neighbour in neighbours {
            if onPath.contains(neighbour) {
                paths.insert(.array(path))
            } else {
                try extend(graph, neighbour, path: path, onPath: onPath, into: &paths, &context, name)
            }
        }
    }

    /// walk(x): [path, value] for x itself and every value nested in it, parents
    /// before children, object keys and set members in Rego's order.
    static let walk = builtin("walk") { ops, context throws(BuiltinError) in
        var pairs: [Value] = []
        var path: [Value] = []
        try visit(ops[1], &path, &pairs, &context, ops.name)
        return .array(pairs)
    }

    private static func visit(_ value: Value, _ path: inout [Value], _ pairs: inout [Value],
                              _ context: inout BuiltinContext, _ name: String) throws(BuiltinError) {
        try context.charge(path.count + 1, name)
        pairs.append(.array([.array(path), value]))
        switch value {
        case .array(let items):
            for (i, item) in items.enumerated() {
                path.append(.int(i))
                try visit(item, &path, &pairs, &context, name)
                path.removeLast()
            }
        case .object(let o):
            for key in o.keys.sorted() {
                path.append(key)
                try visit(o[key]!, &path, &pairs, &context, name)
                path.removeLast()
            }
        case .set(let s):
            for member in s.sorted() {
                path.append(member)
                try visit(member, &path, &pairs, &context, name)
                path.removeLast()
            }
        default:
            break
        }
    }
}
