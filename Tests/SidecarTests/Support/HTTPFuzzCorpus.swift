// HTTPFuzzCorpus: the HTTP fuzz test's generator. It builds request streams from pieces
// whose fate is known by construction (a valid request and what the agent must see of
// it, or an invalid one and the status it must get), and mutates them the ways that
// found issue 14's bugs: huge chunk sizes, Connection naming a framing field, pipelined
// mixes, trailers — plus blind byte mutations whose fate is unknown.
// Invariant: deterministic for a seed, so a failure names the seed that replays it.
@testable import Sidecar

/// One request of a stream.
struct FuzzPiece {
    /// The bytes sent.
    var wire: String
    /// What the parser must produce for it (ParserHarness rendering).
    var events: [String]
    /// The status a server must answer an invalid piece with; nil for a valid one.
    var failure: Int?
    var target: String
    var body: String
    /// Trailer names sent, and the subset the proxy may forward (ProxyTrailers).
    var trailerNames: [String] = []
    var forwardedTrailerNames: [String] = []

    var isValid: Bool { failure == nil }
}

/// The mutators, by name (HTTP_FUZZ_MUTATORS selects some: "huge-chunk,connection,…").
enum FuzzMutator: String, CaseIterable {
    case hugeChunk = "huge-chunk"
    case connectionFraming = "connection"
    case pipelined = "pipelined"
    case trailers = "trailers"
}

/// Builds pieces and streams.
struct HTTPFuzzCorpus {
    /// Seeded (`FastRandom(seed:)`): the same seed gives the same corpus.
    var random: FastRandom
    let mutators: [FuzzMutator]
    /// The body limit of the server under test (413 past it); below Int.max, so every
    /// huge chunk is an error.
    let bodyLimit: Int
    /// Starts every target (tells the streams of one run apart at a shared upstream).
    var prefix = ""

    static let allowedTrailers = ["Server-Timing", "Content-Digest", "Repr-Digest"]
    static let hostileTrailers = ["X-AgentSpec-User-Confirmed", "X-AgentSpec-Tools-Called", "X-Request-Id",
                                  "X-Forwarded-For", "Content-Length", "Transfer-Encoding", "Host", "Connection",
                                  "Authorization", "Trailer", "x-agentspec-guardrails-invoked"]

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    mutating func word(_ length: ClosedRange<Int>) -> String {
        String((0..<int(length)).map { _ in pick(Array("abcdefghijklmnopqrstuvwxyz0123456789-_.~")) })
    }

    /// Random ASCII casing: field names and connection options are case-insensitive.
    mutating func recase(_ text: String) -> String {
        String(text.map { chance(50) ? Character($0.uppercased()) : Character($0.lowercased()) })
    }

    // MARK: - Valid pieces

    mutating func validPiece(index: Int) -> FuzzPiece {
        let slow = chance(40) ? "/slow" : ""
        let target = "\(prefix)/r\(index)\(slow)/\(word(1...6))"
        switch int(0...3) {
        case 0:
            var fields = ["Host: a"]
            if chance(30) { fields.append("Connection: keep-alive, X-Hop") }
            return piece(method: "GET", target: target, fields: fields, body: "", events: [], wireBody: "")
        case 1:
            let body = word(0...40)
            let fields = ["Host: a", "Content-Length: \(body.utf8.count)"]
            return piece(method: "POST", target: target, fields: fields, body: body,
                         events: body.isEmpty ? [] : ["BODY " + body], wireBody: body)
        default:
            return chunkedPiece(target: target, withTrailers: mutators.contains(.trailers) && chance(70))
        }
    }

    mutating func chunkedPiece(target: String, withTrailers: Bool) -> FuzzPiece {
        let body = word(0...60)
        var wireBody = ""
        var rest = Substring(body)
        while !rest.isEmpty {
            let size = min(rest.count, int(1...20))
            wireBody += String(size, radix: 16) + (chance(10) ? ";ext=1" : "") + "\r\n" + rest.prefix(size) + "\r\n"
            rest = rest.dropFirst(size)
        }
        wireBody += "0\r\n"
        var fields = ["Host: a", "Transfer-Encoding: chunked"]
        var names: [String] = []
        var forwarded: [String] = []
        var endEvent = "END"
        if withTrailers {
            // A trailer the Connection field names is dropped like a header would be.
            let namedByConnection = chance(20) ? "Server-Timing" : nil
            if let namedByConnection { fields.append("Connection: \(namedByConnection)") }
            for _ in 0..<int(1...4) {
                let name = chance(50) ? pick(Self.allowedTrailers) : pick(Self.hostileTrailers)
                let value = name == "Connection" ? "close" : word(1...8)
                names.append(name)
                if Self.allowedTrailers.contains(name) && name != namedByConnection { forwarded.append(name) }
                wireBody += "\(name): \(value)\r\n"
                endEvent += " | \(name): \(value)"
            }
        }
        wireBody += "\r\n"
        var result = piece(method: "POST", target: target, fields: fields, body: body,
                           events: body.isEmpty ? [] : ["BODY " + body], wireBody: wireBody, end: endEvent)
        result.trailerNames = names
        result.forwardedTrailerNames = forwarded
        return result
    }

    func piece(method: String, target: String, fields: [String], body: String, events: [String], wireBody: String,
               end: String = "END") -> FuzzPiece {
        let head = "\(method) \(target) HTTP/1.1\r\n" + fields.map { $0 + "\r\n" }.joined() + "\r\n"
        let request = (["REQ \(method) \(target) HTTP/1.1"] + fields).joined(separator: " | ")
        return FuzzPiece(wire: head + wireBody, events: [request] + events + [end], failure: nil, target: target, body: body)
    }

    // MARK: - Invalid pieces (the mutators)

    /// A chunked body whose next chunk size is huge: 400 when the size or the running
    /// total passes Int.max, 413 when it only passes the body limit.
    mutating func hugeChunkPiece(index: Int) -> FuzzPiece {
        let target = "\(prefix)/r\(index)/huge"
        let first = chance(70) ? word(1...9) : ""
        let huge = pick(["7fffffffffffffff", "7ffffffffffffffe", "8000000000000000", "ffffffffffffffff",
                         "fffffffffffffffff", String(repeating: "f", count: int(15...19)), "1" + String(repeating: "0", count: int(14...17))])
        var wireBody = ""
        if !first.isEmpty { wireBody += String(first.utf8.count, radix: 16) + "\r\n" + first + "\r\n" }
        wireBody += recase(huge) + "\r\n"
        let fields = ["Host: a", "Transfer-Encoding: chunked"]
        let head = "POST \(target) HTTP/1.1\r\n" + fields.map { $0 + "\r\n" }.joined() + "\r\n"
        // The model, in arithmetic that cannot overflow: UInt64 holds every sum here.
        let status: Int
        if let size = UInt64(huge, radix: 16), size <= UInt64(Int.max) {
            let total = UInt64(first.utf8.count) + size
            status = total > UInt64(Int.max) ? 400 : (total > UInt64(bodyLimit) ? 413 : 0)
        } else {
            status = 400
        }
        var events = [(["REQ POST \(target) HTTP/1.1"] + fields).joined(separator: " | ")]
        if !first.isEmpty { events.append("BODY " + first) }
        events.append("ERR \(status)")
        return FuzzPiece(wire: head + wireBody, events: events, failure: status, target: target, body: first)
    }

    /// A request whose Connection field names its own framing field; its body is a
    /// second request that a proxy stripping the field would smuggle to the agent.
    mutating func connectionFramingPiece(index: Int) -> FuzzPiece {
        let smuggled = "GET /smuggled\(prefix)/\(index) HTTP/1.1\r\nHost: a\r\n\r\n"
        let usesChunked = chance(40)
        let option = recase(usesChunked ? "transfer-encoding" : "content-length")
        let connection = pick(["Connection: \(option)", "Connection: keep-alive, \(option)", "Connection: \(option) ,close",
                               "Connection: close\r\nConnection: \t\(option)"])
        let framing = usesChunked ? "Transfer-Encoding: chunked" : "Content-Length: \(smuggled.utf8.count)"
        let body = usesChunked ? String(smuggled.utf8.count, radix: 16) + "\r\n" + smuggled + "\r\n0\r\n\r\n" : smuggled
        let fields = chance(50) ? [connection, framing] : [framing, connection]
        let wire = "POST \(prefix)/r\(index)/carrier HTTP/1.1\r\nHost: a\r\n" + fields.joined(separator: "\r\n") + "\r\n\r\n" + body
        return FuzzPiece(wire: wire, events: ["ERR 400"], failure: 400, target: "\(prefix)/r\(index)/carrier", body: "")
    }

    // MARK: - Streams

    /// A stream of pieces: with `pipelined`, several requests back to back (an invalid
    /// one among them ends the stream's answers); else one.
    mutating func stream() -> [FuzzPiece] {
        let count = mutators.contains(.pipelined) ? int(1...6) : 1
        var pieces: [FuzzPiece] = []
        for index in 0..<count {
            var choices: [FuzzMutator] = []
            if mutators.contains(.hugeChunk) { choices.append(.hugeChunk) }
            if mutators.contains(.connectionFraming) { choices.append(.connectionFraming) }
            if !choices.isEmpty && chance(25) {
                pieces.append(pick(choices) == .hugeChunk ? hugeChunkPiece(index: index) : connectionFramingPiece(index: index))
            } else {
                pieces.append(validPiece(index: index))
            }
        }
        return pieces
    }

    /// Blind mutations of a stream's bytes: flip, insert CR, LF, SP, ":" or a digit,
    /// delete, duplicate a span. Their fate is unknown; only invariants apply.
    mutating func mutateBytes(_ text: String) -> [UInt8] {
        var bytes = Array(text.utf8)
        for _ in 0..<int(1...3) where !bytes.isEmpty {
            let at = int(0...(bytes.count - 1))
            switch int(0...4) {
            case 0: bytes[at] ^= UInt8(1 << int(0...6))
            case 1: bytes.insert(pick(Array("\r\n :0f;".utf8)), at: at)
            case 2: bytes.remove(at: at)
            case 3:
                let end = min(bytes.count, at + int(1...12))
                bytes.insert(contentsOf: bytes[at..<end], at: at)
            default: bytes[at] = pick(Array("\r\n\t\0\u{7f}".utf8))
            }
        }
        return bytes
    }
}
