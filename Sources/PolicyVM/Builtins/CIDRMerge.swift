// CIDRMerge: net.cidr_merge's algorithm. Each network becomes a range of 128-bit
// addresses (IPv4 as IPv4-mapped IPv6); ranges sorted by last then first address are
// merged from the end whenever one starts at or before the address after the
// previous one's end; a range left alone prints as the network it came from, a merged
// range as the fewest aligned networks covering it. Invariant: the output covers
// exactly the addresses of the input networks.

enum CIDRMerge {
    private struct Range {
        var first: UInt128
        var last: UInt128
        /// The network this range is, until it is merged with another.
        var network: IPNetwork?
    }

    private static let v4Base = UInt128(0xffff) << 32

    static func merge(_ networks: [IPNetwork]) -> [String] {
        var ranges = networks.map(range)
        ranges.sort { ($0.last, $0.first) < ($1.last, $1.first) }
        var i = ranges.count - 1
        while i > 0 {
            let first = ranges[i].first
            // The address before `first` (the lowest address is its own predecessor).
            let previous = first == 0 || first == v4Base ? first : first - 1
            if previous <= ranges[i - 1].last {
                ranges[i - 1] = Range(first: min(ranges[i - 1].first, first), last: ranges[i].last, network: nil)
                ranges.remove(at: i)
            }
            i -= 1
        }
        var out: [String] = []
        for r in ranges {
            if let n = r.network { out.append(n.text) } else { out += cover(r.first, r.last) }
        }
        return out
    }

    private static func range(_ n: IPNetwork) -> Range {
        var first = n.address.masked(n.mask)?.bytes ?? n.address.bytes
        var mask = n.mask
        if first.count == 4 { first = IPAddress.v4InV6Prefix + first }
        if mask.count == 4 { mask = [UInt8](repeating: 0xff, count: 12) + mask }
        let start = integer(first), hostMask = ~integer(mask)
        return Range(first: start, last: start | hostMask, network: n)
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
