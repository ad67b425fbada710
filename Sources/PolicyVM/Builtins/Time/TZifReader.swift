// TZifReader: a zoneinfo file (RFC 8536, "TZif") to a TimeZone, as Go's
// LoadLocationFromTZData reads it: the version 2+ 64-bit data when present (the 32-bit
// block skipped), zone types with their abbreviations, transitions, and the footer's
// POSIX rule. Invariant: malformed or truncated data is nil, never a trap.

enum TZifReader {
    static func parse(_ data: [UInt8], name: String) -> TimeZone? {
        var r = ByteReader(data)
        guard r.bytes(4) == Array("TZif".utf8), let version = r.byte() else { return nil }
        _ = r.bytes(15)
        guard var counts = r.counts() else { return nil }
        var timeSize = 4
        if version >= UInt8(ascii: "2") {
            // Skip the version 1 block; the 64-bit block follows with its own header.
            let v1 = counts.timeCount * 5 + counts.typeCount * 6 + counts.charCount
                + counts.leapCount * 8 + counts.stdCount + counts.utcCount
            guard r.skip(v1), r.bytes(4) == Array("TZif".utf8), r.byte() != nil, r.skip(15),
                  let c = r.counts() else { return nil }
            counts = c
            timeSize = 8
        }
        guard counts.typeCount > 0 || counts.timeCount == 0 else { return nil }
        var whens: [Int64] = []
        for _ in 0..<counts.timeCount {
            guard let w = r.signed(timeSize) else { return nil }
            whens.append(w)
        }
        guard let indexes = r.bytes(counts.timeCount) else { return nil }
        var types: [(offset: Int, isDST: Bool, abbreviationIndex: Int)] = []
        for _ in 0..<counts.typeCount {
            guard let offset = r.signed(4), let dst = r.byte(), let abbr = r.byte() else { return nil }
            types.append((Int(offset), dst != 0, Int(abbr)))
        }
        guard let chars = r.bytes(counts.charCount) else { return nil }
        guard r.skip(counts.leapCount * (timeSize + 4)), r.skip(counts.stdCount), r.skip(counts.utcCount) else { return nil }
        var zones: [TimeZone.Zone] = []
        for t in types {
            guard t.abbreviationIndex <= chars.count else { return nil }
            let tail = chars[t.abbreviationIndex...]
            let abbreviation = String(decoding: tail.prefix { $0 != 0 }, as: UTF8.self)
            zones.append(TimeZone.Zone(name: abbreviation, offset: t.offset, isDST: t.isDST))
        }
        var transitions: [TimeZone.Transition] = []
        for (w, i) in zip(whens, indexes) {
            guard Int(i) < zones.count else { return nil }
            transitions.append(TimeZone.Transition(when: w, index: Int(i)))
        }
        var extend = ""
        if timeSize == 8, let rest = r.rest(), rest.first == UInt8(ascii: "\n"),
           let close = rest.dropFirst().firstIndex(of: UInt8(ascii: "\n")) {
            extend = String(decoding: rest[rest.index(after: rest.startIndex)..<close], as: UTF8.self)
        }
        return TimeZone(name: name, zones: zones, transitions: transitions, extend: extend)
    }

    private struct Counts {
        let utcCount, stdCount, leapCount, timeCount, typeCount, charCount: Int
    }

    private struct ByteReader {
        let data: [UInt8]
        var position = 0

        init(_ data: [UInt8]) { self.data = data }

        mutating func bytes(_ n: Int) -> [UInt8]? {
            guard n >= 0, n <= data.count - position else { return nil }
            defer { position += n }
            return Array(data[position..<(position + n)])
        }

        mutating func skip(_ n: Int) -> Bool {
            guard n >= 0, n <= data.count - position else { return false }
            position += n
            return true
        }

        mutating func byte() -> UInt8? { bytes(1)?.first }

        /// A big-endian two's-complement integer of 4 or 8 bytes.
        mutating func signed(_ size: Int) -> Int64? {
            guard let b = bytes(size) else { return nil }
            let unsigned = b.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            return size == 4 ? Int64(Int32(bitPattern: UInt32(truncatingIfNeeded: unsigned))) : Int64(bitPattern: unsigned)
        }

        mutating func counts() -> Counts? {
            var v: [Int] = []
            for _ in 0..<6 {
                guard let n = signed(4), n >= 0, n < 1 << 20 else { return nil }
                v.append(Int(n))
            }
            return Counts(utcCount: v[0], stdCount: v[1], leapCount: v[2], timeCount: v[3], typeCount: v[4], charCount: v[5])
        }

        func rest() -> ArraySlice<UInt8>? { position <= data.count ? data[position...] : nil }
    }
}
