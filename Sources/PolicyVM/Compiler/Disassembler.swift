// Disassembler: a procedure as readable text, one instruction per line with its
// address, operands and source line. Golden tests compare this output, so codegen
// changes show up even when results stay the same.

/// Renders procedures as text.
package enum Disassembler {
    package static func text(_ p: Procedure) -> String {
        var lines = ["proc \(p.name) kind=\(kind(p.kind)) registers=\(p.registerBase)+\(p.registerCount)" +
                     (p.stopsAtFirstValue ? " stops-at-first-value" : "")]
        // A constant register shows its value.
        let constantOf = Dictionary(p.constantRegisters.map { ($0.register, $0.constant) }, uniquingKeysWith: { a, _ in a })
        for (pc, ins) in p.instructions.enumerated() {
            let text = render(ins, p, constantOf)
            let pad = String(repeating: " ", count: max(1, 44 - text.count))
            lines.append(String(format4(pc)) + "  " + text + pad + "; line \(p.locations[pc].line)")
        }
        for (i, table) in p.indexTables.enumerated() { lines += render(table, number: i) }
        return lines.joined(separator: "\n")
    }

    /// A rule index: its subject, each definition's address, each key's list of
    /// definitions, the list for any other value, and where the lists end.
    static func render(_ t: IndexTable, number: Int) -> [String] {
        func list(_ l: Int32) -> String {
            t.lists[Int(l)].isEmpty ? "none" : t.lists[Int(l)].map { "#\($0)" }.joined(separator: " ")
        }
        var lines = ["index#\(number) on \(t.subject): " + t.starts.enumerated().map { "#\($0.offset) @\($0.element)" }.joined(separator: ", ")
                     + "; end @\(t.end)"]
        for k in t.keys { lines.append("  \(JSONWriter.write(k)) -> \(list(t.list(for: k)))") }
        lines.append("  other -> \(list(0))")
        return lines
    }

    /// Every procedure of a program and a query.
    package static func text(_ query: PreparedQuery) -> String {
        (query.program.procedures.map(text) + [text(query.procedure)]).joined(separator: "\n\n")
    }

    static func format4(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    static func kind(_ k: ProcedureKind) -> String {
        switch k {
        case .complete: return "complete"
        case .partialSet: return "set"
        case .partialObject: return "object"
        case .function(let n): return "function/\(n)"
        case .query: return "query"
        }
    }

    static func render(_ ins: Instruction, _ p: Procedure, _ constantOf: [Register: Int32]) -> String {
        // Register ranges show their first register, constant or not.
        func r(_ x: Register) -> String {
            if let c = constantOf[x] { return k(c) }
            return x < 0 ? "_" : "r\(x)"
        }
        func block(_ x: Register) -> String { "r\(x)" }
        func k(_ i: Int32) -> String { JSONWriter.write(p.constants[Int(i)]) }
        switch ins {
        case .loadConstant(let d, let c): return "load \(r(d)), \(k(c))"
        case .loadInput(let d, let f): return "input \(r(d)) else @\(f)"
        case .loadData(let d): return "data \(r(d))"
        case .move(let d, let s): return "move \(r(d)), \(r(s))"
        case .cachedPath(let d, let root, let path, let slot, let f): return "path \(r(d)), \(root)\(JSONWriter.write(.array(Array(p.paths[Int(path)].steps)))) slot \(slot) else @\(f)"
        case .lookupConstant(let d, let s, let c, let f): return "get \(r(d)), \(r(s))[\(k(c))] else @\(f)"
        case .lookup(let d, let s, let key, let f): return "get \(r(d)), \(r(s))[\(r(key))] else @\(f)"
        case .lookupStored(let d, let s, let key, let f): return "get stored \(r(d)), \(r(s))[\(r(key))] else @\(f)"
        case .iterInit(let i, let s, let f): return "iter i\(i), \(r(s)) else @\(f)"
        case .iterNext(let i, let key, let v, let done): return "next i\(i) -> \(r(key)), \(r(v)) done @\(done)"
        case .test(let op, let a, let b, let f): return "test \(r(a)) \(symbol(op)) \(r(b)) else @\(f)"
        case .testTruthy(let s, let f): return "truthy \(r(s)) else @\(f)"
        case .compare(let op, let d, let a, let b): return "\(r(d)) := \(r(a)) \(symbol(op)) \(r(b))"
        case .arithmetic(let op, let d, let a, let b, let f, _): return "\(r(d)) := \(op.builtinName)(\(r(a)), \(r(b))) else @\(f)"
        case .negate(let d, let s, let f, _): return "\(r(d)) := -\(r(s)) else @\(f)"
        case .callBuiltin(let d, let b, let a, let c, let f, _):
            return "\(r(d)) := \(p.builtins[Int(b)].name)(\(block(a))..+\(c)) else @\(f)"
        case .callRule(let d, let rs, let f): return "\(r(d)) := rule#\(rs) else @\(f)"
        case .callRuleKey(let d, let rs, let k, let f): return "\(r(d)) := rule#\(rs)[\(r(k))] else @\(f)"
        case .callFunction(let d, let fn, let a, let c, let f): return "\(r(d)) := func#\(fn)(\(block(a))..+\(c)) else @\(f)"
        case .virtualDocument(let d, let n, let f): return "\(r(d)) := document node#\(n) else @\(f)"
        case .newCollection(let d, let kind): return "\(r(d)) := new \(kind)"
        case .collect(let acc, let key, let s, _): return "collect \(r(acc)) <- \(key >= 0 ? r(key) + ": " : "")\(r(s))"
        case .makeCollection(let d, let kind, let s, let c): return "\(r(d)) := \(kind)(\(block(s))..+\(c))"
        case .testMember(let key, let v, let c, let f): return "test \(key >= 0 ? r(key) + ", " : "")\(r(v)) in \(r(c)) else @\(f)"
        case .member(let d, let key, let v, let c): return "\(r(d)) := \(key >= 0 ? r(key) + ", " : "")\(r(v)) in \(r(c))"
        case .testArrayLength(let s, let c, let f): return "test count(\(r(s))) == \(c) array else @\(f)"
        case .testObjectSize(let s, let c, let f): return "test count(\(r(s))) == \(c) object else @\(f)"
        case .jump(let t): return "jump @\(t)"
        case .indexJump(let s, let t, let c): return "index#\(t) \(s < 0 ? "undefined" : r(s)) -> \(r(c))"
        case .indexNext(let t, let c, let after): return "index#\(t) next after #\(after) in \(r(c))"
        case .setFlag(let d, let v): return "\(r(d)) := \(v)"
        case .jumpIfTrue(let s, let t): return "jump @\(t) if \(r(s))"
        case .jumpIfDefined(let t): return "jump @\(t) if defined"
        case .jumpUnlessStrict(let t): return "jump @\(t) unless strict"
        case .yieldValue(let s, _): return "yield \(r(s))"
        case .yieldSetElement(let s): return "yield element \(r(s))"
        case .yieldObjectEntry(let key, let v, _): return "yield \(r(key)): \(r(v))"
        case .yieldNestedEntry(let keys, let c, let v, _): return "yield at \(block(keys))..+\(c): \(r(v))"
        case .yieldNestedSetElement(let keys, let c, let v, _): return "yield element at \(block(keys))..+\(c): \(r(v))"
        case .jumpIfEntryDefined(let key, let t): return "jump @\(t) if entry \(r(key)) defined"
        case .emitRow: return "emit row"
        case .withPush(let t, let path, let v): return "with \(t) \(k(path)) as \(r(v))"
        case .withFunction(let t, let by, let v):
            func name(_ f: FunctionRef) -> String {
                switch f {
                case .builtin(let b): return p.builtins[Int(b)].name
                case .function(let rs): return "func#\(rs)"
                }
            }
            return "with \(name(t)) as \(by.map(name) ?? r(v))"
        case .withPop: return "with end"
        case .return: return "return"
        case .print(let a, let c): return "print \(block(a))..+\(c)"
        }
    }

    static func symbol(_ op: ComparisonOperator) -> String {
        switch op {
        case .equal: return "=="
        case .notEqual: return "!="
        case .less: return "<"
        case .lessEqual: return "<="
        case .greater: return ">"
        case .greaterEqual: return ">="
        }
    }
}
