// QueryRedaction: a request target as the audit ring, /explain, the audit stream and the
// logs keep it — the value of every query parameter named in the manifest's
// `observability.logging.redactFields`, or in the default set, replaced by [REDACTED].
// Invariants: names match ignoring ASCII case and after percent-decoding (an agent reads
// `API%5Fkey` as `api_key`, so a secret cannot hide behind an encoding); every other
// byte of the target is kept exactly as the client sent it; a target with nothing to
// redact is scanned in place and returned as it came (no allocation on that path).

/// Redacts secret query parameters of request targets.
struct QueryRedaction: Sendable {
    /// Parameters that carry credentials whatever the manifest says.
    static let defaultNames = ["authorization", "api_key", "apikey", "token", "access_token", "password", "secret"]
    static let marker = "[REDACTED]"

    /// The names, ASCII-lowercased, once each.
    let names: [[UInt8]]
    /// The longest of them: an encoded name more than three times as long decodes to
    /// something longer still, so it cannot match.
    private let longestName: Int

    init(redactFields: [String]) {
        var unique: [[UInt8]] = []
        for name in Self.defaultNames + redactFields {
            let lowered = Array(name.utf8).map(ByteClass.lowercased)
            if !lowered.isEmpty && !unique.contains(lowered) { unique.append(lowered) }
        }
        names = unique
        longestName = unique.map(\.count).max() ?? 0
    }

    /// Whether `target` has a query (the only case with anything to redact). Callers check
    /// this first: most targets have none, and the redaction in force is then not looked up.
    static func mayRedact(_ target: String) -> Bool {
        target.utf8.withContiguousStorageIfAvailable { $0.contains(UInt8(ascii: "?")) } ?? target.utf8.contains(UInt8(ascii: "?"))
    }

    /// `target` with the values of secret parameters replaced; `target` itself when it
    /// has none.
    func redact(_ target: String) -> String {
        var text = target
        return text.withUTF8 { bytes -> String in
            let secretValues = secretValueRanges(bytes)
            guard !secretValues.isEmpty else { return target }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + secretValues.count * Self.marker.utf8.count)
            var copied = 0
            for value in secretValues {
                out += UnsafeBufferPointer(rebasing: bytes[copied..<value.lowerBound])
                out += Self.marker.utf8
                copied = value.upperBound
            }
            out += UnsafeBufferPointer(rebasing: bytes[copied...])
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The value ranges of the secret parameters of the query in `bytes`, in order.
    func secretValueRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        guard let query = bytes.firstIndex(of: UInt8(ascii: "?")) else { return [] }
        var found: [Range<Int>] = []
        var start = query + 1
        while start <= bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "&") { end += 1 }
            var equals = start
            while equals < end && bytes[equals] != UInt8(ascii: "=") { equals += 1 }
            if equals < end && isSecret(UnsafeBufferPointer(rebasing: bytes[start..<equals])) { found.append((equals + 1)..<end) }
            start = end + 1
        }
        return found
    }

    /// Whether a parameter name, as the agent's framework reads it (`+` is a space, `%XX`
    /// a byte, a malformed escape stays as written, ASCII case ignored), is secret.
    func isSecret(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !name.isEmpty, name.count <= 3 * longestName else { return false }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: name.count) { decoded in
            var count = 0
            var index = 0
            while index < name.count {
                var byte = name[index]
                if byte == UInt8(ascii: "%"), index + 2 < name.count,
                   let high = Self.hexValue(name[index + 1]), let low = Self.hexValue(name[index + 2]) {
                    byte = high << 4 | low
                    index += 2
                } else if byte == UInt8(ascii: "+") {
                    byte = UInt8(ascii: " ")
                }
                decoded[count] = ByteClass.lowercased(byte)
                count += 1
                index += 1
            }
            let candidate = UnsafeBufferPointer(rebasing: decoded[0..<count])
            return names.contains { $0.count == count && $0.elementsEqual(candidate) }
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
