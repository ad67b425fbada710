// QueryRedaction: a request target as the audit ring, /explain, the audit stream and the
// logs keep it — the value of every query parameter named in the manifest's
// `observability.logging.redactFields`, or in the default set, replaced by [REDACTED].
// Invariant: names match ignoring ASCII case and after percent-decoding (an agent reads
// `API%5Fkey` as `api_key`, so a secret cannot hide behind an encoding); every other
// byte of the target is kept exactly as the client sent it.

/// Redacts secret query parameters of request targets.
struct QueryRedaction: Sendable {
    /// Parameters that carry credentials whatever the manifest says.
    static let defaultNames = ["authorization", "api_key", "apikey", "token", "access_token", "password", "secret"]
    static let marker = "[REDACTED]"

    /// The names, ASCII-lowercased.
    let names: Set<String>

    init(redactFields: [String]) {
        names = Set((Self.defaultNames + redactFields).map { Self.lowercasedASCII(Array($0.utf8)) })
    }

    /// Whether `target` has a query (the only case with anything to redact). Callers check
    /// this first: most targets have none, and the redaction in force is then not looked up.
    static func mayRedact(_ target: String) -> Bool {
        target.utf8.contains(UInt8(ascii: "?"))
    }

    /// `target` with the values of secret parameters replaced; `target` itself (no copy)
    /// when it has none.
    func redact(_ target: String) -> String {
        let bytes = Array(target.utf8)
        guard let query = bytes.firstIndex(of: UInt8(ascii: "?")) else { return target }
        // The value ranges to replace, found before anything is copied.
        var secretValues: [Range<Int>] = []
        var start = query + 1
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.count
            if let equals = bytes[start..<end].firstIndex(of: UInt8(ascii: "=")),
               names.contains(Self.decodedName(bytes[start..<equals])) {
                secretValues.append((equals + 1)..<end)
            }
            start = end + 1
        }
        guard !secretValues.isEmpty else { return target }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + secretValues.count * Self.marker.utf8.count)
        var copied = 0
        for value in secretValues {
            out += bytes[copied..<value.lowerBound]
            out += Self.marker.utf8
            copied = value.upperBound
        }
        out += bytes[copied...]
        return String(decoding: out, as: UTF8.self)
    }

    /// A parameter name as the agent's framework reads it: `+` is a space, `%XX` a byte
    /// (a malformed escape stays as written), ASCII letters lowercased.
    static func decodedName(_ name: ArraySlice<UInt8>) -> String {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(name.count)
        var index = name.startIndex
        while index < name.endIndex {
            let byte = name[index]
            if byte == UInt8(ascii: "%"), index + 2 < name.endIndex, let high = hexValue(name[index + 1]),
               let low = hexValue(name[index + 2]) {
                decoded.append(high << 4 | low)
                index += 3
                continue
            }
            decoded.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index += 1
        }
        return lowercasedASCII(decoded)
    }

    static func lowercasedASCII(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
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
