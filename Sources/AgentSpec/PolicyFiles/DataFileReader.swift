// DataFileReader: a data or input file to a Value — JSON or YAML chosen by the file's
// name (`data.json`, `data.yaml`, `x.yml`) or, for input files and files of no known
// kind, by content as OPA does (JSON when the text is JSON, otherwise YAML). Invariant:
// a file that is neither is an error with the file's name and the reader's line:col,
// never an empty document.
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
        do { return try yaml(text, path: path) } catch {
            throw PolicyLoadError(path, "neither JSON nor YAML (as YAML: \(error.reason))",
                                  line: error.position?.line, column: error.position?.column)
        }
    }

    private static func yaml(_ text: String, path: String) throws(PolicyLoadError) -> Value {
        let node: YAMLNode
        do { node = try YAMLParser.parseDocument(text) } catch {
            throw PolicyLoadError(path, error.message, line: error.position.line, column: error.position.column)
        }
        guard let value = node.jsonValue else {
            throw PolicyLoadError(path, "a mapping key is a collection, which JSON cannot hold")
        }
        return value
    }

    /// The text of a file, without a UTF-8 byte order mark (RFC 8259 §8.1 lets readers skip it).
    private static func utf8(_ bytes: [UInt8], path: String) throws(PolicyLoadError) -> String {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        guard let text = String(validating: body, as: UTF8.self) else { throw PolicyLoadError(path, "not valid UTF-8") }
        return text
    }
}
