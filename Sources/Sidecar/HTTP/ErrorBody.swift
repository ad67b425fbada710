// ErrorBody: the JSON body sent with every error status the HTTP layer produces.
// Invariant: the body is valid JSON whatever the message holds (it is escaped here).

/// Builds `{"error":"<Name>","message":"…"[,"requestId":"…"]}` error responses.
package enum ErrorBody {
    /// The error name for a status: its reason phrase without spaces ("Bad Request" →
    /// "BadRequest"), matching the contract's "BadGateway" and "GatewayTimeout".
    package static func name(for status: Int) -> String {
        String(HTTPStatus.reasonPhrase(status).filter { $0.isLetter || $0.isNumber })
    }

    package static func json(status: Int, message: String, requestId: String? = nil) -> [UInt8] {
        var text = "{\"error\":\"\(name(for: status))\",\"message\":\(quote(message))"
        if let requestId { text += ",\"requestId\":\(quote(requestId))" }
        text += "}"
        return Array(text.utf8)
    }

    /// A complete response (head and body) for `status`, closing the connection if asked.
    package static func response(status: Int, message: String, requestId: String? = nil,
                                close: Bool = false) -> (HTTPResponseHead, [UInt8]) {
        let body = json(status: status, message: message, requestId: requestId)
        var headers: HTTPHeaders = ["Content-Type": "application/json", "Content-Length": String(body.count)]
        if let requestId { headers.add(name: "X-Request-Id", value: requestId) }
        if close { headers.add(name: "Connection", value: "close") }
        return (HTTPResponseHead(status: status, headers: headers), body)
    }

    /// A JSON string literal for `text` (RFC 8259 escaping).
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
