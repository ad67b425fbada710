// YAMLParser: a recursive-descent reader for the YAML subset manifests use (block and
// flow collections, all scalar styles, comments, anchors and aliases, `---`/`...`).
// Invariants: every block-level parse function returns with the cursor at the start
// of a line (or at the end of input), having consumed the last line it used; nothing
// outside the subset is ever turned into a value — it is refused as `.unsupported`.
// This file holds the cursor, the stream/document level and block collections;
// scalars and flow collections live in the `YAMLParser+*.swift` extensions.

/// Reads YAML text into `YAMLNode` trees.
package struct YAMLParser {
    /// Deepest nesting of collections accepted: deep enough for any manifest, shallow
    /// enough that recursion can never exhaust the stack.
    package static let maxDepth = 128
    /// Most nodes that aliases may copy into a document: stops "billion laughs" inputs
    /// long before they cost memory or time.
    package static let maxAliasExpansion = 100_000

    /// Where a block node starts: it decides whether a compact mapping or a block
    /// sequence may begin on the current line.
    enum BlockContext {
        /// Right after `---` on the same line.
        case documentStart
        /// Right after a mapping key's `:` on the same line.
        case mappingValue
        /// Right after a sequence entry's `-` on the same line.
        case sequenceItem
        /// At the first content of a line.
        case lineStart
    }

    let bytes: [UInt8]
    /// For non-ASCII text: how many UTF-8 continuation bytes precede each offset, so a
    /// column is O(1) even on one very long line (empty for ASCII text).
    let continuationsBefore: [Int32]
    var pos = 0
    var line = 1
    var lineStart = 0
    var depth = 0
    var anchors: [String: YAMLNode] = [:]
    var aliasExpansion = 0
    /// Tabs separated the next node from its indicator or indentation.
    var separatedByTab = false
    /// The next node follows an anchor that stood alone on its line.
    var hasOuterAnchor = false

    init(_ text: String) {
        var b = Array(text.utf8)
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { b.removeFirst(3) }
        if b.contains(0x0D) {
            var out: [UInt8] = []
            out.reserveCapacity(b.count)
            var i = 0
            while i < b.count {
                if b[i] == 0x0D {
                    out.append(0x0A)
                    if i + 1 < b.count, b[i + 1] == 0x0A { i += 1 }
                } else {
                    out.append(b[i])
                }
                i += 1
            }
            b = out
        }
        bytes = b
        if b.contains(where: { $0 >= 0x80 }) {
            var prefix = [Int32](repeating: 0, count: b.count + 1)
            var n: Int32 = 0
            for (i, c) in b.enumerated() {
                prefix[i] = n
                if c & 0xC0 == 0x80 { n += 1 }
            }
            prefix[b.count] = n
            continuationsBefore = prefix
        } else {
            continuationsBefore = []
        }
    }

    // MARK: Entry points

    /// Reads exactly one document (empty text is a null document).
    package static func parseDocument(_ text: String) throws(YAMLError) -> YAMLNode {
        var p = YAMLParser(text)
        let docs = try p.parseStream()
        if docs.count > 1 {
            throw YAMLError(.syntax, "expected a single document, found \(docs.count)", at: docs[1].position)
        }
        return docs.first ?? .null(at: SourcePosition(line: 1, column: 1))
    }

    /// Reads every document of a stream.
    package static func parseStream(_ text: String) throws(YAMLError) -> [YAMLNode] {
        var p = YAMLParser(text)
        return try p.parseStream()
    }

    mutating func parseStream() throws(YAMLError) -> [YAMLNode] {
        try checkCharacters()
        var docs: [YAMLNode] = []
        var afterEndMarker = true
        while true {
            try skipBlankLines()
            if atEnd { break }
            anchors.removeAll()
            if byte == UInt8(ascii: "%") {
                if afterEndMarker { throw unsupported("directives (%YAML, %TAG) are not supported") }
                throw error("a directive needs '...' before it ends the previous document")
            }
            let node: YAMLNode
            if atMarker("---") {
                pos += 3
                node = try parseBlockNode(parentIndent: -1, context: .documentStart)
            } else if atMarker("...") {
                pos += 3
                try finishLine()
                afterEndMarker = true
                continue
            } else {
                moveToContent(indent: currentIndent())
                node = try parseInline(parentIndent: -1, context: .lineStart)
            }
            docs.append(node)
            afterEndMarker = false
            try skipBlankLines()
            if atEnd { break }
            if atMarker("...") {
                pos += 3
                try finishLine()
                afterEndMarker = true
            } else if !atMarker("---") {
                pos = lineStart + currentIndent()
                throw error("unexpected content after the end of the document's top node")
            }
        }
        return docs
    }

    /// Rejects control characters YAML does not allow in a stream.
    mutating func checkCharacters() throws(YAMLError) {
        for (i, c) in bytes.enumerated() where (c < 0x20 && c != 0x09 && c != 0x0A) || c == 0x7F {
            var l = 1, start = 0
            for j in 0..<i where bytes[j] == 0x0A { l += 1; start = j + 1 }
            line = l; lineStart = start; pos = i
            throw error("control character 0x\(String(c, radix: 16)) is not allowed in YAML")
        }
    }

    // MARK: Block nodes

    /// Parses the node that follows an indicator (`---`, `key:`, `-`) on the same line,
    /// or on the following, more indented lines.
    mutating func parseBlockNode(parentIndent n: Int, context: BlockContext) throws(YAMLError) -> YAMLNode {
        separatedByTab = false
        skipSeparation()
        if atLineEndOrComment {
            let here = position
            try finishLine()
            return try parseFollowingLines(parentIndent: n, context: context, emptyAt: here)
        }
        return try parseInline(parentIndent: n, context: context)
    }

    /// The node of an indicator whose line holds nothing more: on the next content line
    /// if that is more indented (or a sequence at the key's indentation), else null.
    mutating func parseFollowingLines(parentIndent n: Int, context: BlockContext, emptyAt: SourcePosition) throws(YAMLError) -> YAMLNode {
        try skipBlankLines()
        if atEnd || atMarker("---") || atMarker("...") { return .null(at: emptyAt) }
        let indent = currentIndent()
        if indent > n {
            separatedByTab = false
            moveToContent(indent: indent)
            return try parseInline(parentIndent: n, context: .lineStart)
        }
        if indent == n, context == .mappingValue, isSequenceDash(at: lineStart + indent) {
            pos = lineStart + indent
            return try parseBlockSequence(indent: indent)
        }
        return .null(at: emptyAt)
    }

    /// Parses a node starting at the cursor, on the line of its indicator or at a line start.
    mutating func parseInline(parentIndent n: Int, context: BlockContext) throws(YAMLError) -> YAMLNode {
        try enter()
        defer { depth -= 1 }
        let startColumn = column
        let start = position
        let afterTab = separatedByTab
        let afterAnchorLine = hasOuterAnchor
        separatedByTab = false
        hasOuterAnchor = false
        var anchor: String?
        if byte == UInt8(ascii: "!") { throw unsupported("tags ('!') are not supported") }
        if byte == UInt8(ascii: "&") {
            anchor = try parseAnchorName()
            skipSeparation()
            if byte == UInt8(ascii: "!") { throw unsupported("tags ('!') are not supported") }
            if byte == UInt8(ascii: "&") { throw error("a node can have only one anchor") }
            if atLineEndOrComment {
                if afterAnchorLine { throw error("a node can have only one anchor", at: start) }
                let here = position
                try finishLine()
                hasOuterAnchor = true
                defer { hasOuterAnchor = false }
                let node = try parseFollowingLines(parentIndent: n, context: context == .lineStart ? .mappingValue : context, emptyAt: here)
                return try define(anchor, node)
            }
        }
        let c = byte
        if c == UInt8(ascii: "-"), isBlank(at: pos + 1) {
            guard anchor == nil, context == .sequenceItem || context == .lineStart else {
                throw error("a block sequence cannot start here")
            }
            if afterTab { throw error("tabs cannot be used for indentation", at: start) }
            return try parseBlockSequence(indent: column - 1)
        }
        if c == UInt8(ascii: "?"), isBlank(at: pos + 1) { throw unsupported("explicit keys ('? ') are not supported") }
        if c == UInt8(ascii: ":"), isBlank(at: pos + 1) { throw unsupported("empty mapping keys are not supported") }
        if c == UInt8(ascii: "|") || c == UInt8(ascii: ">") {
            return try define(anchor, parseBlockScalar(parentIndent: n))
        }
        if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
            let node = try parseFlowCollection(blockIndent: n)
            skipInlineSpace()
            if byte == UInt8(ascii: ":") { throw unsupported("collections as mapping keys are not supported") }
            try finishLine()
            return try define(anchor, node)
        }
        var node: YAMLNode
        var isSingleLine = true
        if c == UInt8(ascii: "*") {
            if anchor != nil { throw error("an alias cannot have an anchor") }
            node = try parseAlias()
        } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
            let startLine = line
            node = try parseQuoted(blockIndent: n)
            isSingleLine = line == startLine
        } else {
            let plain = try parsePlain(blockIndent: n, inFlow: false)
            node = plain.node
            isSingleLine = !plain.isMultiLine
        }
        skipInlineSpace()
        if byte == UInt8(ascii: ":"), isBlank(at: pos + 1) {
            guard isSingleLine else { throw error("a mapping key must fit on one line", at: start) }
            guard context == .sequenceItem || context == .lineStart else {
                throw error("a mapping cannot start here (is a quote or a line break missing?)")
            }
            if afterTab { throw error("tabs cannot be used for indentation", at: start) }
            pos += 1
            let key = try define(anchor, node)
            return try parseBlockMapping(indent: startColumn - 1, firstKey: key)
        }
        if afterAnchorLine, anchor != nil || c == UInt8(ascii: "*") {
            throw error("a node can have only one anchor", at: start)
        }
        try finishLine()
        return try define(anchor, node)
    }

    /// A block mapping at `indent`; `firstKey` was read already and the cursor is past its `:`.
    mutating func parseBlockMapping(indent m: Int, firstKey: YAMLNode) throws(YAMLError) -> YAMLNode {
        try enter()
        defer { depth -= 1 }
        var pairs: [YAMLPair] = []
        var seen = Set<String>()
        var key = firstKey
        while true {
            try checkDuplicate(key, in: &seen)
            let value = try parseBlockNode(parentIndent: m, context: .mappingValue)
            pairs.append(YAMLPair(key: key, value: value))
            try skipBlankLines()
            if atEnd || atMarker("---") || atMarker("...") { break }
            let indent = currentIndent()
            if indent < m { break }
            pos = lineStart + indent
            if indent > m { throw error("bad indentation: expected a key at column \(m + 1)") }
            try checkNoTab(at: pos)
            key = try parseMappingKey()
        }
        return YAMLNode(.mapping(pairs), at: firstKey.position)
    }

    /// Reads `key:` at a line start inside a block mapping, leaving the cursor past the `:`.
    mutating func parseMappingKey() throws(YAMLError) -> YAMLNode {
        var anchor: String?
        if byte == UInt8(ascii: "!") { throw unsupported("tags ('!') are not supported") }
        if byte == UInt8(ascii: "&") {
            anchor = try parseAnchorName()
            skipInlineSpace()
        }
        let c = byte
        if c == UInt8(ascii: "?"), isBlank(at: pos + 1) { throw unsupported("explicit keys ('? ') are not supported") }
        if c == UInt8(ascii: ":"), isBlank(at: pos + 1) { throw unsupported("empty mapping keys are not supported") }
        if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") { throw unsupported("collections as mapping keys are not supported") }
        if c == UInt8(ascii: "-"), isBlank(at: pos + 1) { throw error("expected a mapping key, found a sequence entry") }
        if c == UInt8(ascii: "|") || c == UInt8(ascii: ">") || c == UInt8(ascii: "!") { throw error("expected a mapping key") }
        let start = position
        var key: YAMLNode
        if c == UInt8(ascii: "*") {
            if anchor != nil { throw error("an alias cannot have an anchor") }
            key = try parseAlias()
        } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
            let startLine = line
            key = try parseQuoted(blockIndent: -1)
            if line != startLine { throw error("a mapping key must fit on one line", at: start) }
        } else {
            key = try parsePlainKey()
        }
        skipInlineSpace()
        guard byte == UInt8(ascii: ":"), isBlank(at: pos + 1) else {
            throw error("expected ':' after the mapping key", at: start)
        }
        pos += 1
        return try define(anchor, key)
    }

    /// A block sequence whose dashes sit at `indent`; the cursor is on the first dash.
    mutating func parseBlockSequence(indent m: Int) throws(YAMLError) -> YAMLNode {
        try enter()
        defer { depth -= 1 }
        let start = position
        var items: [YAMLNode] = []
        while true {
            pos += 1
            items.append(try parseBlockNode(parentIndent: m, context: .sequenceItem))
            try skipBlankLines()
            if atEnd || atMarker("---") || atMarker("...") { break }
            let indent = currentIndent()
            if indent < m { break }
            try checkNoTab(at: lineStart + indent)
            if indent > m {
                pos = lineStart + indent
                throw error("bad indentation: expected '-' at column \(m + 1)")
            }
            guard isSequenceDash(at: lineStart + m) else { break }
            pos = lineStart + m
        }
        return YAMLNode(.sequence(items), at: start)
    }

    mutating func checkDuplicate(_ key: YAMLNode, in seen: inout Set<String>) throws(YAMLError) {
        guard let s = key.scalar else { return }
        if !seen.insert(s.text).inserted {
            throw YAMLError(.syntax, "duplicate key \"\(s.text)\"", at: key.position)
        }
    }

    // MARK: Anchors and aliases

    mutating func parseAnchorName() throws(YAMLError) -> String {
        pos += 1
        let name = scanAnchorName()
        if name.isEmpty { throw error("an anchor needs a name after '&'") }
        return name
    }

    mutating func scanAnchorName() -> String {
        let start = pos
        while pos < bytes.count {
            let c = bytes[pos]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == UInt8(ascii: ",") || c == UInt8(ascii: "[")
                || c == UInt8(ascii: "]") || c == UInt8(ascii: "{") || c == UInt8(ascii: "}") { break }
            pos += 1
        }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    mutating func parseAlias() throws(YAMLError) -> YAMLNode {
        let start = position
        pos += 1
        let name = scanAnchorName()
        if name.isEmpty { throw error("an alias needs a name after '*'", at: start) }
        guard var node = anchors[name] else { throw YAMLError(.syntax, "unknown alias *\(name)", at: start) }
        aliasExpansion += node.size
        if aliasExpansion > Self.maxAliasExpansion {
            throw YAMLError(.syntax, "aliases expand to more than \(Self.maxAliasExpansion) nodes", at: start)
        }
        node.position = start
        return node
    }

    mutating func define(_ anchor: String?, _ node: YAMLNode) throws(YAMLError) -> YAMLNode {
        if let anchor { anchors[anchor] = node }
        return node
    }

    mutating func enter() throws(YAMLError) {
        depth += 1
        if depth > Self.maxDepth { throw error("nesting deeper than \(Self.maxDepth) levels") }
    }
}
