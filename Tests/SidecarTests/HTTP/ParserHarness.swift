// ParserHarness: drives HTTPParser over raw bytes whole, as every prefix and split at
// every point, and renders events as short strings so cases read as tables.
import Testing
@testable import Sidecar

/// Feeds bytes to a parser and renders the events; consistency checks over splits.
enum ParserHarness {
    /// Renders one event compactly: "REQ GET / HTTP/1.1 | Host: a", "BODY abc", "END", "ERR 400".
    static func render(_ event: HTTPParserEvent) -> String {
        switch event {
        case .requestHead(let head):
            return (["REQ \(head.method) \(head.target) \(head.version)"] + head.headers.map { "\($0.name): \($0.value)" })
                .joined(separator: " | ")
        case .responseHead(let head):
            return (["RES \(head.status) \(head.reason)"] + head.headers.map { "\($0.name): \($0.value)" })
                .joined(separator: " | ")
        case .body(let bytes): return "BODY " + String(decoding: bytes, as: UTF8.self)
        case .end(let trailers):
            return (["END"] + (trailers?.map { "\($0.name): \($0.value)" } ?? [])).joined(separator: " | ")
        case .needMore: return "MORE"
        case .closed: return "CLOSED"
        case .error(let error): return "ERR \(error.status)"
        }
    }

    /// Feeds `pieces` one after another, draining events after each; merges adjacent
    /// bodies; stops at the first error. `eof` feeds end-of-stream after the last piece.
    static func run(_ pieces: [ArraySlice<UInt8>], role: HTTPParser.Role = .request,
                    limits: HTTPParserLimits? = nil, requestMethod: HTTPMethod = .get, eof: Bool = false) -> [String] {
        var parser = HTTPParser(role: role, limits: limits)
        parser.requestMethod = requestMethod
        var events: [String] = []
        func drain() -> Bool {
            while true {
                let event = parser.next()
                switch event {
                case .needMore: return true
                case .body(let bytes):
                    if let last = events.last, last.hasPrefix("BODY ") {
                        events[events.count - 1] = last + String(decoding: bytes, as: UTF8.self)
                    } else {
                        events.append(render(event))
                    }
                case .error:
                    events.append(render(event))
                    return false
                case .closed:
                    events.append(render(event))
                    return false
                default:
                    events.append(render(event))
                }
            }
        }
        for piece in pieces {
            parser.feed(piece)
            if !drain() { return events }
        }
        if eof {
            parser.feedEOF()
            _ = drain()
        }
        return events
    }

    /// The events for the whole input, after checking that every split point gives the
    /// same events and that every prefix gives a consistent beginning of them.
    static func parseEverySplit(_ text: String, role: HTTPParser.Role = .request, limits: HTTPParserLimits? = nil,
                                requestMethod: HTTPMethod = .get, eof: Bool = false,
                                sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        let bytes = Array(text.utf8)
        let whole = run([bytes[...]], role: role, limits: limits, requestMethod: requestMethod, eof: eof)
        for split in 0...bytes.count {
            let pieces = [bytes[..<split], bytes[split...]]
            let result = run(pieces, role: role, limits: limits, requestMethod: requestMethod, eof: eof)
            #expect(result == whole, "split at \(split)", sourceLocation: sourceLocation)
            if result != whole { break }
        }
        let byteByByte = run(bytes.indices.map { bytes[$0...$0] }, role: role, limits: limits,
                             requestMethod: requestMethod, eof: eof)
        #expect(byteByByte == whole, "byte by byte", sourceLocation: sourceLocation)
        for length in 0..<bytes.count {
            let prefix = run([bytes[..<length]], role: role, limits: limits, requestMethod: requestMethod)
            #expect(isConsistentPrefix(prefix, of: whole), "prefix of \(length) bytes: \(prefix)",
                    sourceLocation: sourceLocation)
        }
        return whole
    }

    /// A prefix may stop early and its last body may be partial, but it never
    /// disagrees with the whole input, and an error only if the whole input fails.
    static func isConsistentPrefix(_ prefix: [String], of whole: [String]) -> Bool {
        guard prefix.count <= whole.count else { return false }
        for (index, event) in prefix.enumerated() {
            if event == whole[index] { continue }
            let isLast = index == prefix.count - 1
            if isLast && event.hasPrefix("BODY ") && whole[index].utf8.starts(with: event.utf8) { continue }
            return false
        }
        return true
    }
}
