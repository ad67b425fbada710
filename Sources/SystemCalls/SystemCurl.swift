// SystemCurl: outbound HTTPS through the system libcurl, loaded on first use (dlopen,
// CSystemShims/curl.c) rather than linked: linking it mapped libcurl and its chain
// (libssl, libcrypto, nghttp2, krb5, ldap…, about 7.6 MB resident) into every process,
// though only a sidecar with an https:// URL configured ever uses it.
// Invariants: the library is loaded at most once per process, and a process without it
// gets a CurlFailure that names the library and how to install it, never a crash;
// certificate verification stays on (libcurl's default); redirects are never followed.
import CSystemShims
import Synchronization

/// Why an HTTPS transfer failed; `message` is libcurl's own words (or why it is missing).
package struct CurlFailure: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        /// libcurl is not installed (or not usable).
        case unavailable
        case couldNotResolve
        case couldNotConnect
        case timedOut
        /// The connection broke, or closed without an answer.
        case connectionLost
        /// A callback stopped the transfer (a body past its limit).
        case aborted
        /// Anything else: TLS (certificates), protocol errors…
        case other
    }

    package var kind: Kind
    package var message: String
    package var description: String { message }

    package init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }
}

/// The system libcurl, loaded once.
package enum SystemCurl {
    /// The library's name on Debian and Ubuntu (package libcurl4), and most other Linuxes.
    package static let soname = "libcurl.so.4"
    /// nil once loaded; else why it could not be.
    private static let loadFailure: CurlFailure? = load(soname)

    /// Loads libcurl the first time; throws, naming the library, when it is missing.
    package static func ensureLoaded() throws(CurlFailure) {
        if let loadFailure { throw loadFailure }
    }

    /// Loads `soname`; nil when it loaded, else the failure a transfer reports.
    package static func load(_ soname: String) -> CurlFailure? {
        var message = [CChar](repeating: 0, count: 512)
        let rc = message.withUnsafeMutableBufferPointer { cshim_curl_load(soname, $0.baseAddress, UInt64($0.count)) }
        guard rc != 0 else { return nil }
        let why = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return CurlFailure(kind: .unavailable,
                           message: "HTTPS needs the system libcurl (\(soname)), which could not be loaded: \(why); install it (Debian/Ubuntu: libcurl4)")
    }

    /// The failure of a finished transfer from its CURLcode and error buffer.
    static func failure(code: Int32, detail: String) -> CurlFailure {
        let kind: CurlFailure.Kind
        switch code {
        case Int32(CSHIM_CURLE_COULDNT_RESOLVE_HOST): kind = .couldNotResolve
        case Int32(CSHIM_CURLE_COULDNT_CONNECT): kind = .couldNotConnect
        case Int32(CSHIM_CURLE_OPERATION_TIMEDOUT): kind = .timedOut
        case Int32(CSHIM_CURLE_GOT_NOTHING), Int32(CSHIM_CURLE_SEND_ERROR), Int32(CSHIM_CURLE_RECV_ERROR): kind = .connectionLost
        default: kind = .other
        }
        let text = detail.isEmpty ? String(cString: cshim_curl_error_text(code)) : detail
        return CurlFailure(kind: kind, message: text)
    }
}

/// Idle libcurl handles, reused so a handle's open connection (and TLS session) serves
/// the next transfer; one per owner of outbound HTTPS (the proxy's forwarder, a client).
package final class CurlHandles: Sendable {
    private struct Handle: @unchecked Sendable { let pointer: UnsafeMutableRawPointer }
    private let idle = Mutex<[Handle]>([])
    /// Idle handles (each may hold a connection) kept beyond this are freed.
    private let maxIdle: Int

    package init(maxIdle: Int = 8) { self.maxIdle = maxIdle }

    deinit { idle.withLock { for h in $0 { cshim_curl_easy_free(h.pointer) } } }

    /// A handle with no options set; nil when libcurl cannot make one (out of memory).
    func take() -> UnsafeMutableRawPointer? {
        if let reused = idle.withLock({ $0.popLast() }) { return reused.pointer }
        return cshim_curl_easy_new()
    }

    func giveBack(_ pointer: UnsafeMutableRawPointer) {
        cshim_curl_easy_reset(pointer)
        let kept = idle.withLock { list -> Bool in
            guard list.count < maxIdle else { return false }
            list.append(Handle(pointer: pointer))
            return true
        }
        if !kept { cshim_curl_easy_free(pointer) }
    }
}
