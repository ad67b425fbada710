// Network builtins: net.cidr_contains, net.cidr_intersects, net.cidr_is_valid,
// net.cidr_contains_matches, net.cidr_expand and net.cidr_merge, on IPAddress and
// IPNetwork (Go's net semantics). net.lookup_ip_addr is left out: a policy decision
// must not wait on DNS. Invariant: cidr_expand charges the evaluation's work limit for
// every address before making any, so `net.cidr_expand("10.0.0.0/8")` is a limit
// error, not gigabytes of strings.

enum NetBuiltins {
    static let all: [Builtin] = [contains, intersects, isValid, containsMatches, expand, merge]

    /// Work steps per expanded address: making a string and a set member costs about
    /// what twenty regex steps do, so the default limit allows a /12 (a million).
    static let stepsPerAddress = 20

    /// A CIDR operand; OPA reads every one as "operand 1" and reports ParseCIDR's error.
    private static func network(_ ops: Operands, _ index: Int) throws(BuiltinError) -> IPNetwork {
        guard case .string(let s) = ops[index] else { throw .operand(ops.name, 1, "string", got: ops[index]) }
        guard let n = IPNetwork.parse(s) else { throw .failure(ops.name, "invalid CIDR address: " + s) }
        return n
    }

    /// net.cidr_contains(cidr, cidr_or_ip): an address inside, or a whole network inside.
    static let contains = builtin("net.cidr_contains") { ops throws(BuiltinError) in
        let outer = try network(ops, 1)
        guard case .string(let inner) = ops[2] else { throw .operand(ops.name, 1, "string", got: ops[2]) }
        return .bool(try contains(outer, inner, ops.name))
    }

    private static func contains(_ outer: IPNetwork, _ inner: String, _ name: String) throws(BuiltinError) -> Bool {
        if let ip = IPAddress.parse(inner) { return outer.contains(ip) }
        guard let n = IPNetwork.parse(inner) else {
            throw .failure(name, "not a valid textual representation of an IP address or CIDR: " + inner)
        }
        return outer.contains(n.address) && outer.contains(n.lastAddress)
    }

    /// net.cidr_intersects(a, b): whether either network holds the other's first address.
    static let intersects = builtin("net.cidr_intersects") { ops throws(BuiltinError) in
        let a = try network(ops, 1), b = try network(ops, 2)
        return .bool(a.contains(b.address) || b.contains(a.address))
    }

    static let isValid = builtin("net.cidr_is_valid") { ops throws(BuiltinError) in
        guard case .string(let s) = ops[1] else { return .false }
        return .bool(IPNetwork.parse(s) != nil)
    }

    /// net.cidr_contains_matches(cidrs, cidrs_or_ips): the [key, key] pairs whose first
    /// member contains the second. Each side is a string, or an array, set or object
    /// whose members are strings or arrays that start with one (keyed by index, member
    /// or object key).
    static let containsMatches = builtin("net.cidr_contains_matches") { ops throws(BuiltinError) in
        let outer = try matchEntries(ops, 1), inner = try matchEntries(ops, 2)
        var pairs = Set<Value>()
        for (cidr1, key1) in outer {
            for (cidr2, key2) in inner {
                guard case .string(let s1) = cidr1 else { throw .operand(ops.name, 1, "string", got: cidr1) }
                guard case .string(let s2) = cidr2 else { throw .operand(ops.name, 1, "string", got: cidr2) }
                guard let n = IPNetwork.parse(s1) else { throw .failure(ops.name, "invalid CIDR address: " + s1) }
                if try contains(n, s2, ops.name) { pairs.insert(.array([key1, key2])) }
            }
        }
        return .set(pairs)
    }

    private static func matchEntries(_ ops: Operands, _ index: Int) throws(BuiltinError) -> [(cidr: Value, key: Value)] {
        func cidr(_ v: Value) throws(BuiltinError) -> Value {
            switch v {
            case .string: return v
            case .array(let a) where !a.isEmpty: return a[0]
            default: throw .failure(ops.name, "operand \(index): element must be string or non-empty array")
            }
        }
        switch ops[index] {
        case .string: return [(ops[index], ops[index])]
        case .array(let a):
            var out: [(Value, Value)] = []
            for (i, v) in a.enumerated() { out.append((try cidr(v), .int(i))) }
            return out
        case .set(let s):
            var out: [(Value, Value)] = []
            for v in s.sorted() { out.append((try cidr(v), v)) }
            return out
        case .object(let o):
            var out: [(Value, Value)] = []
            for (k, v) in o { out.append((try cidr(v), k)) }
            return out
        default:
            return []
        }
    }

    /// net.cidr_expand(cidr): every address of the network, as a set of strings.
    static let expand = builtin("net.cidr_expand") { ops, context throws(BuiltinError) in
        let s = try ops.string(1)
        guard let n = IPNetwork.parse(s) else { throw .failure(ops.name, "invalid CIDR address: " + s) }
        guard let (ones, bits) = n.prefixLength else { return .emptySet }
        let hostBits = bits - ones
        // Charge first: a network too large for the limit fails before any work.
        try context.charge(hostBits >= 58 ? Int.max / 2 : NetBuiltins.stepsPerAddress << hostBits, ops.name)
        var out = Set<Value>()
        var address = n.address.bytes
        for _ in 0..<(1 << hostBits) {
            out.insert(.string(IPAddress(bytes: address).text))
            var j = address.count - 1
            while j >= 0 {
                address[j] &+= 1
                if address[j] != 0 { break }
                j -= 1
            }
        }
        return .set(out)
    }

    /// net.cidr_merge(addrs): the fewest networks covering the same addresses. A bare
    /// IPv4 address stands for its classful network (Go's DefaultMask: /8, /16, /24);
    /// a bare IPv6 address is an error.
    static let merge = builtin("net.cidr_merge") { ops throws(BuiltinError) in
        let elements: [Value]
        switch ops[1] {
        case .array(let a): elements = a
        case .set(let s): elements = s.sorted()
        default: throw .failure(ops.name, "operand must be an array")
        }
        var networks: [IPNetwork] = []
        for element in elements {
            guard case .string(let s) = element else { throw .failure(ops.name, "element must be string") }
            if let ip = IPAddress.parse(s) {
                guard let v4 = ip.to4 else { throw .failure(ops.name, "IPv6 invalid: needs prefix length") }
                let ones = v4[0] < 0x80 ? 8 : v4[0] < 0xC0 ? 16 : 24
                networks.append(IPNetwork(address: ip, mask: IPNetwork.mask(ones: ones, bits: 32)))
            } else if let n = IPNetwork.parse(s) {
                networks.append(n)
            } else {
                throw .failure(ops.name, "invalid CIDR address: " + s)
            }
        }
        do throws(CIDRMerge.MappedRangeError) {
            return .set(Set(try CIDRMerge.merge(networks).map(Value.string)))
        } catch {
            throw .failure(ops.name, "IPv4-mapped IPv6 networks that meet cannot be merged (OPA fails on them too): write them as IPv4 networks")
        }
    }
}
