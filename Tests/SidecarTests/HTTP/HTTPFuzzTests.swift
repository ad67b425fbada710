// HTTPFuzzTests: bounded, seeded mutation fuzzing of the HTTP layer, sans-IO and through
// the reverse proxy on real sockets. Streams come from HTTPFuzzCorpus (huge chunk sizes,
// Connection naming framing fields, pipelined mixes, trailers, blind byte mutations).
// Oracles: the parser never traps, agrees with itself however the bytes are split, and
// matches the corpus's model; the proxy answers in request order, stops at the first
// invalid request with its status, and forwards only what it may (no smuggled request,
// only allow-listed trailers). HTTP_FUZZ_SEED replays a run, HTTP_FUZZ_MUTATORS (comma-
// separated names) narrows it.
import Foundation
import Testing
@testable import Sidecar

@Suite struct HTTPFuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    static let seed = UInt64(environment["HTTP_FUZZ_SEED"] ?? "") ?? 14
    static let mutators: [FuzzMutator] = environment["HTTP_FUZZ_MUTATORS"].map {
        $0.split(separator: ",").compactMap { FuzzMutator(rawValue: String($0)) }
    } ?? FuzzMutator.allCases
    static let bodyLimit = HTTPParserLimits().maxBodyBytes

    static func corpus(_ salt: UInt64) -> HTTPFuzzCorpus {
        HTTPFuzzCorpus(random: FastRandom(seed: seed &* 1_000_003 &+ salt), mutators: mutators, bodyLimit: bodyLimit)
    }

    /// The events a stream must give: each piece's, up to and including the first invalid one.
    static func expectedEvents(_ pieces: [FuzzPiece]) -> [String] {
        var events: [String] = []
        for piece in pieces {
            events += piece.events
            if !piece.isValid { break }
        }
        return events
    }

    /// RFC 9110 §7.6.1 read independently of BodyFraming: a request head whose Connection
    /// field names Content-Length or Transfer-Encoding must never be accepted.
    static func namesFramingField(_ renderedHead: String) -> Bool {
        renderedHead.components(separatedBy: " | ").dropFirst().contains { field in
            guard let colon = field.firstIndex(of: ":"), field[..<colon].lowercased() == "connection" else { return false }
            return field[field.index(after: colon)...].split(separator: ",").contains {
                let option = $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t")).lowercased()
                return option == "content-length" || option == "transfer-encoding"
            }
        }
    }

    static func bodyBytes(_ events: [String]) -> Int {
        events.filter { $0.hasPrefix("BODY ") }.reduce(0) { $0 + $1.utf8.count - 5 }
    }

    /// The same bytes give the same events whole, at three split points and byte by byte.
    static func splitsAgree(_ bytes: [UInt8], corpus: inout HTTPFuzzCorpus) -> (whole: [String], agree: Bool) {
        let whole = ParserHarness.run([bytes[...]])
        for _ in 0..<3 {
            let split = corpus.int(0...bytes.count)
            if ParserHarness.run([bytes[..<split], bytes[split...]]) != whole { return (whole, false) }
        }
        let byteByByte = ParserHarness.run(bytes.indices.map { bytes[$0...$0] })
        return (whole, byteByByte == whole)
    }

    @Test func theParserMatchesTheModelOnEveryStream() {
        var corpus = Self.corpus(1)
        for index in 0..<300 {
            let pieces = corpus.stream()
            let bytes = Array(pieces.map(\.wire).joined().utf8)
            let (events, agree) = Self.splitsAgree(bytes, corpus: &corpus)
            #expect(agree, "seed \(Self.seed) stream \(index): splits disagree on \(String(decoding: bytes, as: UTF8.self).debugDescription)")
            #expect(events == Self.expectedEvents(pieces),
                    "seed \(Self.seed) stream \(index): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
            if !agree || events != Self.expectedEvents(pieces) { return }
        }
    }

    @Test func blindMutationsKeepTheParsersInvariants() {
        var corpus = Self.corpus(2)
        for index in 0..<300 {
            let bytes = corpus.mutateBytes(corpus.stream().map(\.wire).joined())
            let (events, agree) = Self.splitsAgree(bytes, corpus: &corpus)
            let text = String(decoding: bytes, as: UTF8.self).debugDescription
            #expect(agree, "seed \(Self.seed) mutant \(index): splits disagree on \(text)")
            #expect(!events.contains { $0.hasPrefix("REQ ") && Self.namesFramingField($0) },
                    "seed \(Self.seed) mutant \(index): accepted a Connection naming a framing field: \(text)")
            #expect(Self.bodyBytes(events) <= Self.bodyLimit)
            if !agree { return }
        }
    }

    /// The agent behind the proxy: answers with the target as a chunked body (after a
    /// short delay for `/slow` targets, from another thread, so pipelined requests would
    /// finish out of order if they ran at once) and trailers of every kind.
    static func agent(_ exchange: HTTPServerExchange) {
        let target = exchange.request.target
        let answer: @Sendable (HTTPServerExchange) -> Void = { exchange in
            exchange.writeHead(HTTPResponseHead(status: 200))
            exchange.writeBody(Array(target.utf8))
            exchange.end(trailers: HTTPHeaders([("X-AgentSpec-Tools-Called", "delete-workout"), ("X-Request-Id", "forged"),
                                                ("Server-Timing", "agent;dur=1"), ("Content-Length", "3")]))
        }
        guard target.contains("/slow") else { answer(exchange); return }
        let handle = exchange.handle
        let delay = Double(target.utf8.reduce(0) { $0 &+ Int($1) } % 15 + 1) / 1000
        DispatchQueue.global().asyncAfter(deadline: .now() + delay) { handle.run(answer) }
    }

    @Test func theProxyAnswersInOrderAndForwardsOnlyWhatItMay() throws {
        let upstream = try RecordingUpstream(respond: Self.agent)
        defer { upstream.stop() }
        try upstream.withProxy { port in
            var corpus = Self.corpus(3)
            for index in 0..<40 {
                corpus.prefix = "/c\(index)"
                let pieces = corpus.stream()
                let valid = Array(pieces.prefix { $0.isValid })
                let invalid = pieces.first { !$0.isValid }
                let context = "seed \(Self.seed) stream \(index): \(pieces.map(\.wire).joined().debugDescription)"
                let client = try WireClient(port: port)
                client.send(pieces.map(\.wire).joined())
                let reply = client.read(responses: valid.count + (invalid == nil ? 0 : 1))
                #expect(reply.malformed == nil, "\(context)")
                #expect(reply.responses.map(\.body).prefix(valid.count) == ArraySlice(valid.map(\.target)), "\(context)")
                #expect(reply.responses.prefix(valid.count).allSatisfy { $0.status == 200 }, "\(context)")
                #expect(reply.responses.prefix(valid.count).allSatisfy { ($0.trailers?.map(\.name) ?? []) == ["Server-Timing"] },
                        "\(context): trailers \(reply.responses.map { $0.trailers?.map(\.name) ?? [] })")
                if let invalid {
                    #expect(reply.responses.count == valid.count + 1 && reply.responses.last?.status == invalid.failure, "\(context)")
                    #expect(reply.responses.last?.headers[first: .connection] == "close", "\(context)")
                    #expect(reply.closed || client.waitForClose(), "\(context)")
                }
                let received = upstream.requests.filter { $0.target.hasPrefix(corpus.prefix + "/") || $0.target.contains("/smuggled") }
                #expect(received.map(\.target) == valid.map(\.target), "\(context)")
                #expect(received.map { String(decoding: $0.body, as: UTF8.self) } == valid.map(\.body), "\(context)")
                #expect(received.map { $0.trailers?.map(\.name) ?? [] } == valid.map(\.forwardedTrailerNames), "\(context)")
                #expect(!upstream.requests.contains { $0.target.contains("/smuggled") }, "\(context)")
            }
        }
    }
}
