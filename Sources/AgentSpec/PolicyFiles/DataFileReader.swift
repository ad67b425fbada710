// DataFileReader: a data or input file to a Value — JSON or YAML chosen by the file's
// name (`data.json`, `data.yaml`, `x.yml`) or, for input files and files of no known
// kind, by content as OPA does (JSON when the text is JSON, otherwise YAML). YAML is
// read as OPA reads it (OPAYAMLScalar), not as manifests are. Invariant: a file that is
// neither is an error with the file's name and the reader's line:col, never an empty
// document.
import PolicyVM

public enum DataFileReader {
    enum Format { case json, yaml }

    /// The format a file's name announces, if any.
    static func format(ofName name: String) -> Format? {
        if name.hasSuffix(".json") { return .json }
        if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { return .yaml }
        return nil
    }

    static func parse(_ bytes: [UInt8], path: String, as format: Format) throws(PolicyLoadError) -> Value {
        let text = try utf8(bytes, path: path)
        switch format {
        case .json:
            do { return try JSONReader.parse(text) } catch {
                throw PolicyLoadError(path, error.message, line: error.line, column: error.column)
            }
        case .yaml:
            return try yaml(text, path: path)
        }
    }

    /// Reads and parses an input document by content; `name` names it in errors (the
    /// path, or `stdin` for /dev/stdin).
    public static func readInput(_ path: String, name: String? = nil) throws(PolicyLoadError) -> Value {
        let limit = BundleLimits.standard.maxFileBytes
        let bytes: [UInt8]
        do { bytes = try PolicyFileSystem.read(path, limit: limit) } catch {
            throw PolicyLoadError(name ?? path, error.reason)
        }
        return try parseByContent(bytes, path: name ?? path)
    }

    /// An input (or untyped data) file by content: JSON if it parses as JSON, otherwise
    /// YAML. An empty file is refused: it has no document, and evaluating it as `null`
    /// (OPA's reading) would let a broken pipe pass a policy gate.
    public static func parseByContent(_ bytes: [UInt8], path: String) throws(PolicyLoadError) -> Value {
        let text = try utf8(bytes, path: path)
        if text.allSatisfy({ $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) {
            throw PolicyLoadError(path, "empty: no JSON or YAML document")
        }
        if let json = try? JSONReader.parse(text) { return json }
        let node: YAMLNode
        do { node = try YAMLParser.parseDocument(text) } catch {
            throw PolicyLoadError(path, "neither JSON nor YAML (as YAML: \(error.message))",
                                  line: error.position.line, column: error.position.column)
        }
        return try opaValue(node, path: path)
    }

    private static func yaml(_ text: String, path: String) throws(PolicyLoadError) -> Value {
        let node: YAMLNode
        do { node = try YAMLParser.parseDocument(text) } catch {
            throw PolicyLoadError(path, error.message, line: error.position.line, column: error.position.column)
        }
        return try opaValue(node, path: path)
    }

    /// The document as OPA reads it (OPAYAMLScalar: YAML 1.1 scalars, then JSON): mapping
    /// keys that are not strings are written as Go writes them; what JSON cannot hold — a
    /// collection or null as a key, infinity, NaN — is an error at its position.
    private static func opaValue(_ node: YAMLNode, path: String) throws(PolicyLoadError) -> Value {
        func refuse(_ node: YAMLNode, _ why: String) -> PolicyLoadError {
            PolicyLoadError(path, why, line: node.position.line, column: node.position.column)
        }
        switch node.content {
        case .scalar(let scalar):
            switch OPAYAMLScalar.resolve(scalar) {
            case .null: return .null
            case .bool(let b): return .bool(b)
            case .int(let i): return .number(.int(i))
            case .uint(let u): return .number(Number(text: String(u))!)
            case .float(let d):
                guard d.isFinite else { throw refuse(node, "\(scalar.text) has no JSON value (JSON holds no infinity or NaN)") }
                return .number(Number(d))
            case .string(let s): return .string(s)
            }
        case .sequence(let items):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try opaValue(item, path: path)) }
            return .array(out)
        case .mapping(let pairs):
            var out: RegoObject = [:]
            for pair in pairs {
                guard case .scalar(let scalar) = pair.key.content else {
                    throw refuse(pair.key, "a mapping key is a collection, which JSON cannot hold")
                }
                let key: String
                switch OPAYAMLScalar.resolve(scalar) {
                case .null: throw refuse(pair.key, "a mapping key is null, which JSON cannot hold")
                case .bool(let b): key = b ? "true" : "false"
                case .int(let i): key = String(i)
                case .uint(let u): key = String(u)
                case .float(let d):
                    guard d.isFinite else { throw refuse(pair.key, "\(scalar.text) has no JSON value (JSON holds no infinity or NaN)") }
                    key = goShortestG(d)
                case .string(let s): key = s
                }
                out[.string(key)] = try opaValue(pair.value, path: path)
            }
            return .object(out)
        }
    }

    /// Go's strconv.FormatFloat(d, 'g', -1, 64), the spelling of a float mapping key:
    /// shortest digits, exponent form when the exponent is below -4 or at least 6
    /// (`1e+06`, `1.5e-05`), plain otherwise (`100000`, `1.5`).
    static func goShortestG(_ d: Double) -> String {
        // Swift's description holds the shortest round-trip digits, as Go's does.
        let text = "\(d.magnitude)"
        let parts = text.split(separator: "e")
        let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        let exponent = parts.count > 1 ? Int(parts[1])! : 0
        var digits = Array(mantissa[0]) + (mantissa.count > 1 ? Array(mantissa[1]) : [])
        var point = mantissa[0].count + exponent  // digits before the decimal point
        while digits.count > 1, digits.first == "0" { digits.removeFirst(); point -= 1 }
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        let sign = d.sign == .minus ? "-" : ""
        if digits == ["0"] { return sign + "0" }
        let e = point - 1
        if e < -4 || e >= 6 {
            let rest = digits.count > 1 ? "." + String(digits.dropFirst()) : ""
            let magnitude = String(e.magnitude)
            return sign + String(digits[0]) + rest + "e" + (e < 0 ? "-" : "+") + (magnitude.count < 2 ? "0" : "") + magnitude
        }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + String(digits) }
        if point >= digits.count { return sign + String(digits) + String(repeating: "0", count: point - digits.count) }
        return sign + String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
    }

    /// The text of a file, without a UTF-8 byte order mark (RFC 8259 §8.1 lets readers skip it).
    private static func utf8(_ bytes: [UInt8], path: String) throws(PolicyLoadError) -> String {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        guard let text = String(validating: body, as: UTF8.self) else { throw PolicyLoadError(path, "not valid UTF-8") }
        return text
    }
}
