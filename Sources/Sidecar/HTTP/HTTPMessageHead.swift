// HTTP message heads: version, method, request head and response head.
// Invariant: a head is plain data; framing decisions are made by BodyFraming, and the
// connection-persistence rule lives here in one computed property per head.

/// HTTP-version = HTTP-name "/" DIGIT "." DIGIT   (RFC 9112 §2.3)
package struct HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    package var major: Int
    package var minor: Int
    package init(major: Int, minor: Int) { self.major = major; self.minor = minor }
    package static let http1_0 = HTTPVersion(major: 1, minor: 0)
    package static let http1_1 = HTTPVersion(major: 1, minor: 1)
    package var description: String { "HTTP/\(major).\(minor)" }
}

/// A request method: a case-sensitive token (RFC 9110 §9.1).
package struct HTTPMethod: Sendable, Hashable, CustomStringConvertible {
    package var rawValue: String
    package init(_ rawValue: String) { self.rawValue = rawValue }
    package static let get = HTTPMethod("GET")
    package static let head = HTTPMethod("HEAD")
    package static let post = HTTPMethod("POST")
    package static let put = HTTPMethod("PUT")
    package static let delete = HTTPMethod("DELETE")
    package static let connect = HTTPMethod("CONNECT")
    package static let options = HTTPMethod("OPTIONS")
    package static let patch = HTTPMethod("PATCH")
    package static let trace = HTTPMethod("TRACE")
    package var description: String { rawValue }

    /// The method spelled by `bytes`; the registered methods come back as the constants
    /// above, matched as one packed integer, so no String is decoded per request.
    init<Bytes: Collection<UInt8>>(bytes: Bytes) {
        if bytes.count <= 7 {
            var packed: UInt64 = 0
            for byte in bytes { packed = packed << 8 | UInt64(byte) }
            switch packed {
            case 0x47_45_54: self = .get
            case 0x48_45_41_44: self = .head
            case 0x50_4F_53_54: self = .post
            case 0x50_55_54: self = .put
            case 0x44_45_4C_45_54_45: self = .delete
            case 0x43_4F_4E_4E_45_43_54: self = .connect
            case 0x4F_50_54_49_4F_4E_53: self = .options
            case 0x50_41_54_43_48: self = .patch
            case 0x54_52_41_43_45: self = .trace
            default: self.init(String(decoding: bytes, as: UTF8.self))
            }
        } else {
            self.init(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// Methods whose retry after a lost connection cannot change server state twice.
    package var isIdempotent: Bool {
        switch rawValue {
        case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE": return true
        default: return false
        }
    }
}

/// The head of a request: request line and header section.
package struct HTTPRequestHead: Sendable, Equatable {
    package var method: HTTPMethod
    /// The request-target exactly as sent (origin-form: path and query).
    package var target: String
    package var version: HTTPVersion
    package var headers: HTTPHeaders

    package init(method: HTTPMethod, target: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = HTTPHeaders()) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
    }

    /// Whether the connection stays open after this request (RFC 9112 §9.3):
    /// "If the received protocol is HTTP/1.1 (or later), the connection will persist
    /// after the current response" unless "close" is present; HTTP/1.0 persists only
    /// with the "keep-alive" connection option.
    package var isKeepAlive: Bool {
        if headers.hasToken("close", in: .connection) { return false }
        if version == .http1_0 { return headers.hasToken("keep-alive", in: .connection) }
        return version.major >= 1 && version.minor >= 1 || version.major > 1
    }

    /// True when the client asked for `Expect: 100-continue` (RFC 9110 §10.1.1).
    package var expectsContinue: Bool {
        headers[first: .expect].map { $0.asciiLowercased() == "100-continue" } ?? false
    }
}

/// The head of a response: status line and header section.
package struct HTTPResponseHead: Sendable, Equatable {
    package var status: Int
    package var reason: String
    package var version: HTTPVersion
    package var headers: HTTPHeaders

    package init(status: Int, reason: String? = nil, version: HTTPVersion = .http1_1, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.reason = reason ?? HTTPStatus.reasonPhrase(status)
        self.version = version
        self.headers = headers
    }

    /// 1xx responses precede the final response to the same request (RFC 9110 §15.2).
    package var isInformational: Bool { status >= 100 && status < 200 }

    /// Whether the upstream keeps the connection open after this response (RFC 9112 §9.3).
    package var isKeepAlive: Bool {
        if headers.hasToken("close", in: .connection) { return false }
        if version == .http1_0 { return headers.hasToken("keep-alive", in: .connection) }
        return true
    }
}
