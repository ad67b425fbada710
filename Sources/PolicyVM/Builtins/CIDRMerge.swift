// CIDRMerge: net.cidr_merge's algorithm on addresses held as OPA holds them: byte
// strings compared lexicographically (a shorter one that is a prefix sorts first).
// An IPv4 network's range is its first and last address behind the IPv4-mapped
// prefix (16 bytes); an IPv6 network's is 16 bytes, except that an IPv4-mapped IPv6
// network gets the prefix a second time (28 bytes), so it sorts and merges apart from
// the IPv4 networks it covers — OPA's answer for ["::ffff:10.0.0.0/120",
// "10.0.1.0/24"] keeps both. Ranges sorted by last then first address are merged
// from the end whenever one starts at or before the address after the previous one's
// end; a range left alone prints as the network it came from, a merged one as the
// fewest aligned networks covering it. Invariant: wherever OPA answers, the answer is
// OPA's; where OPA's range conversion fails (a merged range of IPv4-mapped IPv6
// networks: OPA panics), merge reports an error instead.

enum CIDRMerge {
    private struct Range {
        var first: [UInt8]
        var last: [UInt8]
        /// The network this range is, until it is merged with another.
        var network: IPNetwork?
    }

    struct MappedRangeError: Error {}

    static func merge(_ networks: [IPNetwork]) throws(MappedRangeError) -> [String] {
        var ranges = networks.map(range)
        ranges.sort { a, b in
            a.last.lexicographicallyPrecedes(b.last) || (a.last == b.last && a.first.lexicographicallyPrecedes(b.first))
        }
        var i = ranges.count - 1
        while i > 0 {
            let previous = previousAddress(ranges[i].first)
            if !ranges[i - 1].last.lexicographicallyPrecedes(previous) {
                let first = ranges[i - 1].first.lexicographicallyPrecedes(ranges[i].first) ? ranges[i - 1].first : ranges[i].first
                ranges[i - 1] = Range(first: first, last: ranges[i].last, network: nil)
                ranges.remove(at: i)
            }
            i -= 1
        }
        var out: [String] = []
        for r in ranges {
            if let n = r.network {
                out.append(n.text)
            } else {
                guard r.first.count == 16, r.last.count == 16 else { throw MappedRangeError() }
                out += cover(integer(r.first), integer(r.last))
            }
        }
        return out
    }

    /// The first and last address of a network: the masked address (behind the
    /// IPv4-mapped prefix when Go's To4 reads it as IPv4), host bits set from the
    /// 16th byte backwards.
    private static func range(_ n: IPNetwork) -> Range {
        var first = n.address.masked(n.mask)?.bytes ?? n.address.bytes
        if IPAddress(bytes: first).to4 != nil { first = IPAddress.v4InV6Prefix + first }
        var last = first
        for i in 0..<min(n.mask.count, 16) { last[15 - i] |= ~n.mask[n.mask.count - 1 - i] }
        return Range(first: first, last: last, network: n)
    }

    /// The address before `address` (an all-zero address is its own predecessor); an
    /// IPv4 address borrows only within its last four bytes.
    private static func previousAddress(_ address: [UInt8]) -> [UInt8] {
        let ip = IPAddress(bytes: address)
        if (ip.to4 ?? address).allSatisfy({ $0 == 0 }) && (address.count == 4 || address.count == 16) { return address }
        var out = address
        let lowest = ip.to4 != nil ? 12 : 0
        var borrow = true
        for i in stride(from: out.count - 1, through: lowest, by: -1) where borrow {
            out[i] &-= 1
            borrow = out[i] == 255
        }
        return out
    }

    private static func integer(_ bytes: [UInt8]) -> UInt128 {
        bytes.reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
    }

    /// The fewest aligned networks whose union is [first, last]: from `first`, each time
    /// the largest block aligned there that does not pass `last`.
    private static func cover(_ first: UInt128, _ last: UInt128) -> [String] {
        let isV4 = first >> 32 == 0xffff && last >> 32 == 0xffff
        let bits = isV4 ? 32 : 128
        func sizeMinusOne(_ k: Int) -> UInt128 { k >= 128 ? .max : (UInt128(1) << k) - 1 }
        var out: [String] = []
        var current = first
        while true {
            let remaining = last - current
            var k = min(current == 0 ? bits : current.trailingZeroBitCount, bits)
            while k > 0 && sizeMinusOne(k) > remaining { k -= 1 }
            out.append(text(current, prefix: bits - k, isV4: isV4))
            if sizeMinusOne(k) == remaining { break }
            current += sizeMinusOne(k) + 1
        }
        return out
    }

    private static func text(_ address: UInt128, prefix: Int, isV4: Bool) -> String {
        let bytes = (0..<16).map { UInt8(truncatingIfNeeded: address >> (8 * (15 - UInt128($0)))) }
        return IPAddress(bytes: isV4 ? Array(bytes[12...]) : bytes).text + "/" + String(prefix)
    }
}
