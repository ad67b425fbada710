// The VM run loop: executes one procedure's instructions over the evaluation's
// registers. Failure is a jump (to the innermost retry point), never an exception;
// errors (conflicts, strict builtin errors, limits) throw and end the evaluation.
// The program was verified once, so register and address operands are trusted here.
//
// Builtin errors (OPA's rule, confirmed family by family on its engine with strict builtin
// errors on and off: scripts/nonstrict_engine.py, NonStrictBuiltinErrorTests): every error
// a builtin or operator raises, a wrong operand type at run time (eval_type_error) as much
// as a domain error (eval_builtin_error: 1 / 0, to_number("a"), a bad regex, CIDR,
// duration, JWT, base64, JSON), is one kind of outcome. Strict, the first one ends the
// evaluation with its code and message. Not strict (OPA's default), the call is undefined
// and evaluation goes on: `not` of it holds, a comprehension skips the element, `every`
// fails, another definition or an else branch or a default answers. Errors that are not a
// builtin's own stay errors in both modes: conflicts (eval_conflict_error), compile-time
// type errors, and our work limits (eval_limit_error; OPA has none to swallow).

extension Evaluation {
    /// Runs a procedure; returns its value (rules and functions) or nil when undefined.
    /// Partial sets and objects are always defined (possibly empty).
    func run(_ p: Procedure) throws(PolicyError) -> Value? {
        let code = p.flatCode.base
        let r = registers
        var pc = 0
        var result: Value?
        var setElements = Set<Value>()
        var objectEntries = RegoObject()
        /// Keys of `objectEntries` built by nested entries (other nested entries may add
        /// below them; a whole entry may not).
        var nestedKeys = Set<Value>()
        let constants = p.constants
        let collectsCoverage = self.collectsCoverage

        while true {
            budget -= 1
            if budget < 0 {
                throw PolicyError(.limit, "evaluation exceeded the limit of \(instructionLimit) instructions", at: p.locations[pc])
            }
            if collectsCoverage { covered.insert(p.locations[pc]) }
            switch code[pc] {
            case .loadConstant(let d, let k):
                r[Int(d)] = constants[Int(k)]
                pc += 1
            case .loadInput(let d, let fail):
                if let input { r[Int(d)] = input; pc += 1 } else { pc = Int(fail) }
            case .loadData(let d):
                r[Int(d)] = data
                pc += 1
            case .cachedPath(let d, let root, let path, let slot, let fail):
                pc = loadCachedPath(root, p, path: Int(path), slot: Int(slot), into: r + Int(d)) ? pc + 1 : Int(fail)
            case .move(let d, let s):
                r[Int(d)] = r[Int(s)]
                pc += 1
            case .lookupConstant(let d, let s, let k, let fail):
                let found = constants.withUnsafeBufferPointer { ks in
                    r[Int(s)].lookup(keyAt: ks.baseAddress! + Int(k), hash: p.constantHashes[Int(k)])
                }
                if let v = found { r[Int(d)] = v; pc += 1 } else { pc = Int(fail) }
            case .lookup(let d, let s, let k, let fail):
                if let v = r[Int(s)].lookup(r[Int(k)]) { r[Int(d)] = v; pc += 1 } else { pc = Int(fail) }
            case .lookupStored(let d, let s, let k, let fail):
                if let v = r[Int(s)].storedLookup(r[Int(k)]) { r[Int(d)] = v; pc += 1 } else { pc = Int(fail) }
            case .iterInit(let i, let s, let fail):
                if let it = IteratorState(r[Int(s)]) { iterators[Int(i)] = it; pc += 1 } else { pc = Int(fail) }
            case .iterNext(let i, let k, let v, let done):
                if let (key, value) = iterators[Int(i)].next() {
                    if k >= 0 { r[Int(k)] = key }
                    if v >= 0 { r[Int(v)] = value }
                    pc += 1
                } else {
                    iterators[Int(i)] = .empty
                    pc = Int(done)
                }
            case .test(let op, let a, let b, let fail):
                pc = Evaluation.holds(op, r + Int(a), r + Int(b)) ? pc + 1 : Int(fail)
            case .testTruthy(let s, let fail):
                if case .bool(false) = r[Int(s)] { pc = Int(fail) } else { pc += 1 }
            case .compare(let op, let d, let a, let b):
                r[Int(d)] = .bool(Evaluation.holds(op, r[Int(a)], r[Int(b)]))
                pc += 1
            case .arithmetic(let op, let d, let a, let b, let fail, _):
                let v: Value
                do {
                    v = try Evaluation.arithmetic(op, r[Int(a)], r[Int(b)])
                } catch {
                    if strict { throw builtinFailure(error, at: p.locations[pc]) }
                    pc = Int(fail)
                    continue
                }
                if case .set(let s) = v {  // set algebra reads both sets and writes a third
                    try chargeWork(r[Int(a)].workSize + r[Int(b)].workSize + s.count, by: op.builtinName, at: p.locations[pc])
                }
                r[Int(d)] = v
                pc += 1
            case .negate(let d, let s, let fail, _):
                if case .number(let n) = r[Int(s)] {
                    // OPA compiles `-x` as minus(0, x).
                    do {
                        r[Int(d)] = .number(try ArithmeticBuiltins.numberOperation("minus", .minus, .int(0), n))
                        pc += 1
                    } catch {
                        if strict { throw builtinFailure(error, at: p.locations[pc]) }
                        pc = Int(fail)
                    }
                } else {
                    if strict { throw builtinFailure(.operand("minus", 2, "number", got: r[Int(s)]), at: p.locations[pc]) }
                    pc = Int(fail)
                }
            case .callBuiltin(let d, let b, let a, let c, let fail, _):
                if !mocks.isEmpty, let mock = mocks[.builtin(p.builtins[Int(b)].name)] {
                    if let v = try callMock(mock, args: a, count: c, at: p.locations[pc]) { r[Int(d)] = v; pc += 1 } else { pc = Int(fail) }
                    continue
                }
                try chargeWork(operandWork(p, builtin: Int(b), args: a, count: c), by: p.builtins[Int(b)].name, at: p.locations[pc])
                let args = Array(UnsafeBufferPointer(start: r + Int(a), count: Int(c)))
                let result: Value?
                do {
                    result = try p.builtins[Int(b)].body(args, &context)
                } catch {
                    if strict || error.kind == .limit { throw builtinFailure(error, at: p.locations[pc]) }
                    pc = Int(fail)
                    continue
                }
                if let v = result {
                    try chargeWork(v.workSize, by: p.builtins[Int(b)].name, at: p.locations[pc])
                    r[Int(d)] = v
                    pc += 1
                } else {
                    pc = Int(fail)
                }
            case .callRule(let d, let rs, let fail):
                if let v = try ruleValue(rs) { r[Int(d)] = v; pc += 1 } else { pc = Int(fail) }
            case .callRuleKey(let d, let rs, let k, let fail):
                if let v = try ruleEntry(rs, key: r[Int(k)]) { r[Int(d)] = v; pc += 1 } else { pc = Int(fail) }
            case .callFunction(let d, let f, let a, let c, let fail):
                if !mocks.isEmpty, let mock = mocks[.function(f)] {
                    if let v = try callMock(mock, args: a, count: c, at: p.locations[pc]) { r[Int(d)] = v; pc += 1 } else { pc = Int(fail) }
                    continue
                }
                if let v = try callFunction(f, args: a, count: c) { r[Int(d)] = v; pc += 1 } else { pc = Int(fail) }
            case .virtualDocument(let d, let n, let fail):
                if let v = try virtualDocument(n) { r[Int(d)] = v; pc += 1 } else { pc = Int(fail) }
            case .newCollection(let d, let kind):
                switch kind {
                case .array: r[Int(d)] = .emptyArray
                case .set: r[Int(d)] = .emptySet
                case .object: r[Int(d)] = .emptyObject
                }
                pc += 1
            case .collect(let acc, let k, let s, _):
                try collect(into: Int(acc), key: k, value: r[Int(s)], at: p.locations[pc])
                pc += 1
            case .makeCollection(let d, let kind, let start, let count):
                r[Int(d)] = try makeCollection(kind, start: Int(start), count: Int(count), at: p.locations[pc])
                pc += 1
            case .testMember(let k, let v, let c, let fail):
                pc = isMember(key: k, value: v, of: c) ? pc + 1 : Int(fail)
            case .member(let d, let k, let v, let c):
                r[Int(d)] = .bool(isMember(key: k, value: v, of: c))
                pc += 1
            case .testArrayLength(let s, let n, let fail):
                if case .array(let a) = r[Int(s)], a.count == Int(n) { pc += 1 } else { pc = Int(fail) }
            case .testObjectSize(let s, let n, let fail):
                if case .object(let o) = r[Int(s)], o.count == Int(n) { pc += 1 } else { pc = Int(fail) }
            case .jump(let t):
                pc = Int(t)
            case .indexJump(let s, let t, let c):
                let table = p.indexTables[Int(t)]
                let list = table.list(for: s < 0 ? nil : r[Int(s)])
                r[Int(c)] = .number(.int(Int64(list)))
                pc = Int(table.next(in: list, after: -1))
            case .indexNext(let t, let c, let after):
                // (The compiler emits `indexJump` before every `indexNext` of its table.)
                guard case .number(.int(let list)) = r[Int(c)] else {
                    throw PolicyError(.compile, "internal error: \(p.name) index#\(t) read before its lookup", at: p.locations[pc])
                }
                pc = Int(p.indexTables[Int(t)].next(in: Int32(list), after: after))
            case .setFlag(let d, let value):
                r[Int(d)] = .bool(value)
                pc += 1
            case .jumpIfTrue(let s, let t):
                if case .bool(true) = r[Int(s)] { pc = Int(t) } else { pc += 1 }
            case .yieldValue(let s, _):
                let v = r[Int(s)]
                if let existing = result {
                    if existing != v { throw conflict(p, at: p.locations[pc]) }
                } else {
                    result = v
                    if p.stopsAtFirstValue { return v }
                }
                pc += 1
            case .yieldSetElement(let s):
                if setElements.isEmpty { setElements = freshSetStorage() }
                setElements.insert(r[Int(s)])
                if setElements.count > Evaluation.maxCollectionSize { throw sizeLimit(p.locations[pc]) }
                pc += 1
            case .yieldObjectEntry(let k, let v, _):
                let key = r[Int(k)], value = r[Int(v)]
                if let existing = objectEntries[key], existing != value || (!nestedKeys.isEmpty && nestedKeys.contains(key)) {
                    throw PolicyError(.conflict, "object keys must be unique", at: p.locations[pc])
                }
                objectEntries[key] = value
                pc += 1
            case .yieldNestedEntry(let k, let c, let v, _):
                try insertNested(r[Int(v)], keys: r + Int(k), count: Int(c), asSetElement: false,
                                 into: &objectEntries, nestedKeys: &nestedKeys, at: p.locations[pc])
                pc += 1
            case .yieldNestedSetElement(let k, let c, let v, _):
                try insertNested(r[Int(v)], keys: r + Int(k), count: Int(c), asSetElement: true,
                                 into: &objectEntries, nestedKeys: &nestedKeys, at: p.locations[pc])
                pc += 1
            case .jumpIfDefined(let t):
                pc = result != nil ? Int(t) : pc + 1
            case .jumpUnlessStrict(let t):
                pc = strict ? pc + 1 : Int(t)
            case .jumpIfEntryDefined(let k, let t):
                pc = objectEntries[r[Int(k)]] != nil ? Int(t) : pc + 1
            case .emitRow:
                if firstValue == nil, let q = queryRegisters.first { firstValue = r[Int(q)] }
                if collectsRows {
                    rows.append(queryRegisters.map { r[Int($0)] })
                    expressionRows.append(expressionRegisters.map { $0 < 0 ? .true : r[Int($0)] })
                }
                if rows.count > Evaluation.maxCollectionSize { throw sizeLimit(p.locations[pc]) }
                pc += 1
            case .withPush(let target, let path, let v):
                pushWith(target, path: constants[Int(path)], value: r[Int(v)])
                pc += 1
            case .withFunction(let target, let replacement, let v):
                pushFunction(target, replacement: replacement, value: v >= 0 ? r[Int(v)] : .null, in: p)
                pc += 1
            case .withPop:
                popWith()
                pc += 1
            case .return:
                // (Inline, not a nested function: capturing these locals would box them on the heap.)
                switch p.kind {
                case .partialSet:
                    if spareSet.capacity == 0 { spareSet = setElements }
                    return .set(setElements)
                case .partialObject: return .object(objectEntries)
                default: return result
                }
            case .print(let a, let c):
                printArguments(Array(UnsafeBufferPointer(start: r + Int(a), count: Int(c))))
                pc += 1
            }
        }
    }

    private func conflict(_ p: Procedure, at location: SourceLocation) -> PolicyError {
        if case .function = p.kind {
            return PolicyError(.conflict, "functions must not produce multiple outputs for same inputs", at: location)
        }
        return PolicyError(.conflict, "complete rules must not produce multiple outputs", at: location)
    }

    func sizeLimit(_ location: SourceLocation) -> PolicyError {
        PolicyError(.limit, "evaluation built a collection above the limit of \(Evaluation.maxCollectionSize) elements", at: location)
    }
}
