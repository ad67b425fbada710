// The VM's value operations: comparison, arithmetic and set algebra, membership,
// building collections. Operand errors use OPA's builtin names and texts
// (`plus: operand 1 must be number but got string`).

extension Evaluation {
    /// `holds` on two registers: identical bits settle `==` and `!=` without copying
    /// either operand (a field against a constant string, a number against data).
    @inline(__always) static func holds(_ op: ComparisonOperator, _ a: UnsafeMutablePointer<Value>,
                                        _ b: UnsafeMutablePointer<Value>) -> Bool {
        switch op {
        case .equal: return Value.sameBits(a, b) || a.pointee == b.pointee
        case .notEqual: return !Value.sameBits(a, b) && a.pointee != b.pointee
        default: return holds(op, a.pointee, b.pointee)
        }
    }

    @inline(__always) static func holds(_ op: ComparisonOperator, _ a: Value, _ b: Value) -> Bool {
        switch op {
        case .equal: return a == b
        case .notEqual: return a != b
        case .less: return Value.compare(a, b) < 0
        case .lessEqual: return Value.compare(a, b) <= 0
        case .greater: return Value.compare(a, b) > 0
        case .greaterEqual: return Value.compare(a, b) >= 0
        }
    }

    static func arithmetic(_ op: ArithmeticOperator, _ a: Value, _ b: Value) throws(BuiltinError) -> Value {
        let name = op.builtinName
        switch op {
        case .union, .intersection:
            guard case .set(let x) = a else { throw .operand(name, 1, "set", got: a) }
            guard case .set(let y) = b else { throw .operand(name, 2, "set", got: b) }
            return .set(op == .union ? x.union(y) : x.intersection(y))
        case .minus:
            if case .set(let x) = a {
                guard case .set(let y) = b else { throw .operand(name, 2, "set", got: b) }
                return .set(x.subtracting(y))
            }
        default: break
        }
        guard case .number(let x) = a else {
            throw .operand(name, 1, op == .minus ? "one of {number, set}" : "number", got: a)
        }
        guard case .number(let y) = b else {
            throw .operand(name, 2, op == .minus ? "one of {number, set}" : "number", got: b)
        }
        guard let operation = op.numberOperation else { fatalError("set operators are handled above") }
        return .number(try ArithmeticBuiltins.numberOperation(name, operation, x, y))
    }

    /// `key, value in collection` on registers (key -1: none). Without a key (the common
    /// case) an array is searched in place, identical bits first, copying nothing.
    @inline(__always) func isMember(key k: Register, value v: Register, of c: Register) -> Bool {
        let r = registers
        return k < 0 ? Evaluation.contains(r + Int(c), r + Int(v))
                     : Evaluation.isMember(key: r[Int(k)], value: r[Int(v)], of: r[Int(c)])
    }

    @inline(__always) static func contains(_ collection: UnsafeMutablePointer<Value>, _ value: UnsafeMutablePointer<Value>) -> Bool {
        if case .array(let a) = collection.pointee {
            return a.withUnsafeBufferPointer { items in
                for i in items.indices where Value.sameBits(items.baseAddress! + i, value) || items[i] == value.pointee { return true }
                return false
            }
        }
        return isMember(key: nil, value: value.pointee, of: collection.pointee)
    }

    static func isMember(key: Value?, value: Value, of collection: Value) -> Bool {
        switch collection {
        case .array(let a):
            if let key {
                guard case .number(let n) = key, let i = n.exactInt, i >= 0, i < a.count else { return false }
                return a[Int(i)] == value
            }
            // By index: `contains` would copy (retain and release) every element it tests.
            for i in a.indices where a[i] == value { return true }
            return false
        case .set(let s):
            if let key, key != value { return false }
            return s.contains(value)
        case .object(let o):
            if let key { return o[key] == value }
            return o.values.contains(value)
        default:
            return false
        }
    }

    /// Adds R[value] (at R[key] for objects) to the collection in R[acc], in place (see
    /// `Value+InPlace`: the register's reference is the only one while it grows).
    func collect(into acc: Int, key: Register, value: Value, at location: SourceLocation) throws(PolicyError) {
        let slot = registers + acc
        if !slot.pointee.appendInPlace(value) && !slot.pointee.insertInPlace(value) {
            if slot.pointee.setEntryInPlace(registers[Int(key)], value) == .conflict {
                throw PolicyError(.conflict, "object keys must be unique", at: location)
            }
        }
        if slot.pointee.collectionCount > Evaluation.maxCollectionSize { throw sizeLimit(location) }
    }

    /// Puts `value` at the path of `count` keys below a partial object being built (or,
    /// `asSetElement`, adds it to the set there), creating objects on the way. A
    /// different value at the leaf, something not an object on the way, or a top-level
    /// entry another definition gave whole (not in `nestedKeys`) is a conflict, as in OPA.
    func insertNested(_ value: Value, keys: UnsafeMutablePointer<Value>, count: Int, asSetElement: Bool,
                      into entries: inout RegoObject, nestedKeys: inout Set<Value>,
                      at location: SourceLocation) throws(PolicyError) {
        let top = keys[0]
        if entries[top] != nil && !nestedKeys.contains(top) {
            throw PolicyError(.conflict, "object keys must be unique", at: location)
        }
        nestedKeys.insert(top)
        // Taken out of the object while it changes, so the nested storage stays unique.
        var slot = entries.removeValue(forKey: top)
        let inserted = Evaluation.insert(value, at: UnsafeBufferPointer(start: keys + 1, count: count - 1)[...],
                                         into: &slot, asSetElement: asSetElement)
        if let slot { entries[top] = slot }
        if !inserted { throw PolicyError(.conflict, "object keys must be unique", at: location) }
    }

    private static func insert(_ value: Value, at keys: Slice<UnsafeBufferPointer<Value>>, into slot: inout Value?,
                               asSetElement: Bool) -> Bool {
        guard let key = keys.first else {
            if asSetElement {
                guard slot != nil else { slot = .set([value]); return true }
                guard case .set(var elements)? = slot else { return false }
                slot = nil
                elements.insert(value)
                slot = .set(elements)
                return true
            }
            guard let existing = slot else { slot = value; return true }
            return existing == value
        }
        var object: RegoObject
        switch slot {
        case nil: object = [:]
        case .object(let o)?: object = o
        default: return false
        }
        slot = nil
        var child = object.removeValue(forKey: key)
        let inserted = insert(value, at: keys.dropFirst(), into: &child, asSetElement: asSetElement)
        if let child { object[key] = child }
        slot = .object(object)
        return inserted
    }

    func makeCollection(_ kind: CollectionKind, start: Int, count: Int, at location: SourceLocation) throws(PolicyError) -> Value {
        let r = registers
        switch kind {
        case .array:
            return .array(Array(UnsafeBufferPointer(start: r + start, count: count)))
        case .set:
            return .set(Set(UnsafeBufferPointer(start: r + start, count: count)))
        case .object:
            // The compiler placed the entries in OPA's insertion order: an equal key
            // again replaces the value (OPA raises no conflict for an object literal).
            var o = RegoObject(minimumCapacity: count / 2)
            var i = start
            while i < start + count {
                o[r[i]] = r[i + 1]
                i += 2
            }
            return .object(o)
        }
    }
}
