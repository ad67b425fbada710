// YAMLParser+Flow: flow sequences `[a, b]` and flow mappings `{a: 1}`, which may span
// lines. Invariant: every continuation line of a flow collection is more indented than
// the block that holds it, and a `key:` inside a flow sequence makes a one-pair mapping.

extension YAMLParser {
    /// Parses `[...]` or `{...}` at the cursor; stops right after the closing bracket.
    mutating func parseFlowCollection(blockIndent n: Int) throws(YAMLError) -> YAMLNode {
        try enter()
        defer { depth -= 1 }
        let start = position
        let isSequence = byte == UInt8(ascii: "[")
        let closer = isSequence ? UInt8(ascii: "]") : UInt8(ascii: "}")
        pos += 1
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        var seen = Set<String>()
        while true {
            try skipFlowSpace(blockIndent: n, start: start)
            if byte == closer { pos += 1; break }
            if byte == UInt8(ascii: ",") { throw error("unexpected ',' (empty entry)") }
            if byte == UInt8(ascii: "?"), isBlank(at: pos + 1) { throw unsupported("explicit keys ('? ') are not supported") }
            let keyLine = line
            let entryStart = position
            let key = try parseFlowNode(blockIndent: n, start: start)
            let isJSONLike = key.scalar.map { $0.style != .plain } ?? true
            let keyEndLine = line
            try skipFlowSpace(blockIndent: n, start: start)
            let isPair = byte == UInt8(ascii: ":")
                && (isJSONLike || isBlank(at: pos + 1) || Self.isFlowIndicator(byte(at: pos + 1)))
            if isPair {
                if key.scalar == nil && key.pairs == nil && key.items == nil { throw error("expected a key") }
                if key.scalar == nil { throw unsupported("collections as mapping keys are not supported") }
                if isSequence, keyLine != line || keyEndLine != line {
                    throw error("an implicit key in a flow sequence must fit on one line", at: entryStart)
                }
                pos += 1
                try skipFlowSpace(blockIndent: n, start: start)
                let value: YAMLNode
                if byte == UInt8(ascii: ",") || byte == closer {
                    value = .null(at: position)
                } else {
                    value = try parseFlowNode(blockIndent: n, start: start)
                }
                if isSequence {
                    items.append(YAMLNode(.mapping([YAMLPair(key: key, value: value)]), at: key.position))
                } else {
                    try checkDuplicate(key, in: &seen)
                    pairs.append(YAMLPair(key: key, value: value))
                }
            } else if isSequence {
                items.append(key)
            } else {
                if key.scalar == nil { throw unsupported("collections as mapping keys are not supported") }
                try checkDuplicate(key, in: &seen)
                pairs.append(YAMLPair(key: key, value: .null(at: key.position)))
            }
            try skipFlowSpace(blockIndent: n, start: start)
            if byte == UInt8(ascii: ",") { pos += 1; continue }
            if byte == closer { pos += 1; break }
            throw error("expected ',' or '\(Character(Unicode.Scalar(closer)))' in a flow collection")
        }
        return YAMLNode(isSequence ? .sequence(items) : .mapping(pairs), at: start)
    }

    /// One node inside a flow collection.
    mutating func parseFlowNode(blockIndent n: Int, start: SourcePosition) throws(YAMLError) -> YAMLNode {
        var anchor: String?
        if byte == UInt8(ascii: "!") { throw unsupported("tags ('!') are not supported") }
        if byte == UInt8(ascii: "&") {
            anchor = try parseAnchorName()
            try skipFlowSpace(blockIndent: n, start: start)
            if byte == UInt8(ascii: "!") { throw unsupported("tags ('!') are not supported") }
        }
        let c = byte
        let node: YAMLNode
        if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
            node = try parseFlowCollection(blockIndent: n)
        } else if c == UInt8(ascii: "*") {
            if anchor != nil { throw error("an alias cannot have an anchor") }
            node = try parseAlias()
        } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
            node = try parseQuoted(blockIndent: n)
        } else if anchor != nil, c == UInt8(ascii: ",") || c == UInt8(ascii: "]") || c == UInt8(ascii: "}") {
            node = .null(at: position)
        } else {
            node = try parsePlain(blockIndent: n, inFlow: true).node
        }
        return try define(anchor, node)
    }

    /// Skips spaces, tabs, comments and line breaks inside a flow collection.
    mutating func skipFlowSpace(blockIndent n: Int, start: SourcePosition) throws(YAMLError) {
        while true {
            guard pos < bytes.count else { throw error("unterminated flow collection", at: start) }
            let c = bytes[pos]
            if c == 0x20 || c == 0x09 { pos += 1; continue }
            if c == UInt8(ascii: "#") {
                guard pos == lineStart || isBlank(at: pos - 1) else { return }
                while pos < bytes.count, bytes[pos] != 0x0A { pos += 1 }
                continue
            }
            guard c == 0x0A else { return }
            newLine()
            if isMarker("---", at: lineStart) || isMarker("...", at: lineStart) {
                throw error("a document marker cannot appear inside a flow collection")
            }
            var indent = 0
            while byte(at: lineStart + indent) == 0x20 { indent += 1 }
            var i = lineStart + indent
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
            let first = byte(at: i)
            if first != 0x0A, first != 0, first != UInt8(ascii: "#"), indent <= n {
                pos = i
                throw error("a flow collection's continuation line must be indented more than its block")
            }
        }
    }
}
