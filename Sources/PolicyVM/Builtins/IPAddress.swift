// IPAddress: IP addresses and networks as Go's net package holds them for OPA's net.*
// builtins: an address is 4 or 16 bytes, a network an address and a mask of 4 or 16
// bytes; text is parsed as netip.ParseAddr does (dotted quads without leading zeros,
// RFC 4291 IPv6 with an optional trailing dotted quad, no zone) and written as Go
// writes it (an IPv4 or IPv4-mapped address dotted, any other IPv6 per RFC 5952).
// Invariant: the byte layouts are Go's, so Contains, masking and printing follow the
// same rules on IPv4-mapped IPv6 addresses (::ffff:1.2.3.4 is 1.2.3.4) as Go's.

struct IPAddress: Equatable {
    /// 4 or 16 bytes.
    var bytes: [UInt8]

    static let v4InV6Prefix: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]

    /// Go's net.ParseIP: 16 bytes, or nil when the text is not an address.
    static func parse(_ text: String) -> IPAddress? {
        parseTyped(text).map { IPAddress(bytes: $0.bytes) }
    }

    /// The 16-byte form and whether the text was a dotted quad (netip's Is4).
    static func parseTyped(_ text: String) -> (bytes: [UInt8], isIPv4: Bool)? {
        let s = Array(text.utf8)
        if s.contains(UInt8(ascii: ":")) { return parseIPv6(s).map { ($0, false) } }
        guard let v4 = parseIPv4(s[...]) else { return nil }
        return (v4InV6Prefix + v4, true)
    }

    /// Four decimal fields of 0...255, no leading zeros, nothing else.
    private static func parseIPv4(_ s: ArraySlice<UInt8>) -> [UInt8]? {
        let fields = s.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard fields.count == 4 else { return nil }
        var out: [UInt8] = []
        for f in fields {
            guard !f.isEmpty, f.count <= 3, f.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            if f.count > 1 && f.first == UInt8(ascii: "0") { return nil }
            let v = f.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard v <= 255 else { return nil }
            out.append(UInt8(v))
        }
        return out
    }

    /// RFC 4291 §2.2: eight groups of 1–4 hex digits, one `::` for a run of zero groups,
    /// the last two groups possibly a dotted quad; a zone (`%eth0`) is refused.
    private static func parseIPv6(_ s: [UInt8]) -> [UInt8]? {
        if s.contains(UInt8(ascii: "%")) { return nil }
        var groups: [UInt16] = []
        var ellipsis: Int?
        var i = 0
        if s.starts(with: [UInt8(ascii: ":"), UInt8(ascii: ":")]) {
            ellipsis = 0
            i = 2
            if i == s.count { return [UInt8](repeating: 0, count: 16) }
        }
        var tail: [UInt8] = []
        while i < s.count {
            var j = i, value = 0
            while j < s.count, j - i < 5, let d = hexDigit(s[j]) {
                value = value * 16 + d
                j += 1
            }
            if j == i || j - i > 4 { return nil }
            if j < s.count && s[j] == UInt8(ascii: ".") {
                // A dotted quad ends the address and stands for two groups.
                guard ellipsis != nil || groups.count == 6, groups.count <= 6,
                      let v4 = parseIPv4(s[i...]) else { return nil }
                tail = v4
                i = s.count
                break
            }
            groups.append(UInt16(value))
            i = j
            if i == s.count { break }
            guard s[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            if i < s.count && s[i] == UInt8(ascii: ":") {
                if ellipsis != nil { return nil }
                ellipsis = groups.count
                i += 1
                if i == s.count { break }
            } else if i == s.count {
                return nil   // a trailing single colon
            }
        }
        var words = groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] } + tail
        if let at = ellipsis {
            guard words.count < 16 else { return nil }
            words.insert(contentsOf: [UInt8](repeating: 0, count: 16 - words.count), at: 2 * at)
        }
        return words.count == 16 ? words : nil
    }

    private static func hexDigit(_ c: UInt8) -> Int? {
        switch c {
        case 0x30...0x39: return Int(c - 0x30)
        case 0x61...0x66: return Int(c - 0x61 + 10)
        case 0x41...0x46: return Int(c - 0x41 + 10)
        default: return nil
        }
    }

    /// Go's IP.To4: the four bytes of an IPv4 or IPv4-mapped address, else nil.
    var to4: [UInt8]? {
        if bytes.count == 4 { return bytes }
        if bytes.count == 16 && Array(bytes[0..<12]) == IPAddress.v4InV6Prefix { return Array(bytes[12...]) }
        return nil
    }

    /// Go's IP.Mask: the address with host bits cleared (nil when the lengths disagree).
    func masked(_ mask: [UInt8]) -> IPAddress? {
        var ip = bytes, m = mask
        if m.count == 16 && ip.count == 4 && m[0..<12].allSatisfy({ $0 == 0xff }) { m = Array(m[12...]) }
        if m.count == 4 && ip.count == 16 && Array(ip[0..<12]) == IPAddress.v4InV6Prefix { ip = Array(ip[12...]) }
        guard ip.count == m.count else { return nil }
        return IPAddress(bytes: zip(ip, m).map { $0 & $1 })
    }

    /// Go's IP.String.
    var text: String {
        if let v4 = to4 { return v4.map(String.init).joined(separator: ".") }
        guard bytes.count == 16 else { return "?" + bytes.hexString }
        let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
        // RFC 5952 §4.2: the longest run of two or more zero groups becomes "::" (the
        // first such run on a tie).
        var best = (start: -1, length: 0), i = 0
        while i < 8 {
            if groups[i] == 0 {
                var j = i
                while j < 8 && groups[j] == 0 { j += 1 }
                if j - i > best.length && j - i >= 2 { best = (i, j - i) }
                i = j
            } else {
                i += 1
            }
        }
        var out = ""
        i = 0
        while i < 8 {
            if i == best.start {
                out += "::"
                i += best.length
                continue
            }
            if !out.isEmpty && !out.hasSuffix(":") { out += ":" }
            out += String(groups[i], radix: 16)
            i += 1
        }
        return out
    }
}

/// A network as Go's net.IPNet: its address (masked) and its mask, both 4 or 16 bytes.
struct IPNetwork {
    var address: IPAddress
    var mask: [UInt8]

    /// Go's net.CIDRMask(ones, bits).
    static func mask(ones: Int, bits: Int) -> [UInt8] {
        (0..<(bits / 8)).map { i in
            let n = max(0, min(8, ones - 8 * i))
            return n == 0 ? 0 : UInt8(truncatingIfNeeded: 0xff << (8 - n))
        }
    }

    /// Go's net.ParseCIDR: `address/prefix`; the mask has 4 bytes for a dotted quad,
    /// 16 otherwise. Nil when the text is not a CIDR.
    static func parse(_ text: String) -> IPNetwork? {
        guard let slash = text.utf8.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        guard let (bytes, isIPv4) = IPAddress.parseTyped(String(text[..<slash])) else { return nil }
        let digits = Array(text.utf8[text.utf8.index(after: slash)...])
        // Go's dtoi: decimal digits only (leading zeros allowed), at least one.
        guard !digits.isEmpty, digits.count <= 7, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let ones = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        let bits = isIPv4 ? 32 : 128
        guard ones <= bits else { return nil }
        let m = mask(ones: ones, bits: bits)
        guard let network = IPAddress(bytes: bytes).masked(m) else { return nil }
        return IPNetwork(address: network, mask: m)
    }

    /// Go's networkNumberAndMask: the network as 4 bytes when it is IPv4, with a mask of
    /// the same length; nil when they cannot agree.
    private var numberAndMask: (number: [UInt8], mask: [UInt8])? {
        let number: [UInt8]
        if let v4 = address.to4 {
            number = v4
        } else {
            guard address.bytes.count == 16 else { return nil }
            number = address.bytes
        }
        switch mask.count {
        case 4: return number.count == 4 ? (number, mask) : nil
        case 16: return number.count == 4 ? (number, Array(mask[12...])) : (number, mask)
        default: return nil
        }
    }

    /// Go's IPNet.Contains.
    func contains(_ ip: IPAddress) -> Bool {
        guard let (number, m) = numberAndMask else { return false }
        let candidate = ip.to4 ?? ip.bytes
        guard candidate.count == number.count else { return false }
        for i in number.indices where number[i] & m[i] != candidate[i] & m[i] { return false }
        return true
    }

    /// Go's IPMask.Size: the prefix length and the mask's bits, or nil for a mask that
    /// is not ones followed by zeros.
    var prefixLength: (ones: Int, bits: Int)? {
        var ones = 0, seenZero = false
        for b in mask {
            for bit in (0..<8).reversed() {
                if b >> bit & 1 == 1 {
                    if seenZero { return nil }
                    ones += 1
                } else {
                    seenZero = true
                }
            }
        }
        return (ones, mask.count * 8)
    }

    /// The last address of the network (host bits all set), in the network's length.
    var lastAddress: IPAddress {
        let m = mask.count == address.bytes.count ? mask
            : (mask.count == 16 ? Array(mask[12...]) : [UInt8](repeating: 0xff, count: 12) + mask)
        return IPAddress(bytes: zip(address.bytes, m).map { $0 | ~$1 })
    }

    /// Go's IPNet.String: `1.2.3.0/24`, `2001:db8::/32`.
    var text: String {
        guard let (number, m) = numberAndMask else { return "<nil>" }
        let n = IPNetwork(address: IPAddress(bytes: number), mask: m)
        guard let (ones, _) = n.prefixLength else { return IPAddress(bytes: number).text + "/" + m.hexString }
        return IPAddress(bytes: number).text + "/" + String(ones)
    }
}
