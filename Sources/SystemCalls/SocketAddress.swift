// SocketAddress: an IPv4 or IPv6 socket address, and name resolution.
// Invariant: the stored length always matches the family, so a SocketAddress can be
// handed to bind/connect as is.
import Glibc

/// An IPv4 or IPv6 address with a port.
package struct SocketAddress: Sendable, CustomStringConvertible {
    package var storage: sockaddr_storage
    package var length: socklen_t

    package init(storage: sockaddr_storage, length: socklen_t) {
        self.storage = storage
        self.length = length
    }

    package var family: Int32 { Int32(storage.ss_family) }

    package func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        withUnsafePointer(to: storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }

    /// The numeric host (no port), e.g. "127.0.0.1" or "::1". An IPv4-mapped IPv6 address
    /// (`::ffff:127.0.0.1`, how a dual-stack listener sees its IPv4 clients) is written as
    /// the IPv4 address it is, so a client is named the same whichever socket accepted it.
    package var host: String {
        var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        let result = withSockAddr { getnameinfo($0, $1, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) }
        guard result == 0 else { return "unknown" }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let mapped = "::ffff:"
        if family == AF_INET6, text.lowercased().hasPrefix(mapped), text.dropFirst(mapped.count).contains(".") {
            return String(text.dropFirst(mapped.count))
        }
        return text
    }

    /// Whether this is the wildcard address of its family (0.0.0.0 or ::): every address
    /// of the host.
    package var isWildcard: Bool {
        withUnsafePointer(to: storage) { pointer -> Bool in
            if family == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { p in
                    withUnsafeBytes(of: p.pointee.sin6_addr) { $0.allSatisfy { $0 == 0 } }
                }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr == 0 }
        }
    }

    /// The port in host byte order.
    package var port: Int {
        withUnsafePointer(to: storage) { pointer -> Int in
            if family == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
    }

    package var description: String { family == AF_INET6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// `[::]:port`, every IPv6 address of the host (and, with IPV6_V6ONLY off, every IPv4 one).
    package static func ipv6Wildcard(port: Int) -> SocketAddress {
        var storage = sockaddr_storage()
        withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { p in
                p.pointee.sin6_family = sa_family_t(AF_INET6)
                p.pointee.sin6_port = UInt16(truncatingIfNeeded: port).bigEndian
            }
        }
        return SocketAddress(storage: storage, length: socklen_t(MemoryLayout<sockaddr_in6>.size))
    }

    /// The other family's loopback address with this port — `[::1]` for an address in
    /// 127.0.0.0/8, `127.0.0.1` for `::1` — or nil when this is not a loopback address.
    /// (`localhost` names both, and most systems try `::1` first.)
    package var otherLoopback: SocketAddress? {
        var storage = sockaddr_storage()
        let length: socklen_t
        let isIPv4Loopback = family == AF_INET && host.hasPrefix("127.")
        guard isIPv4Loopback || (family == AF_INET6 && host == "::1") else { return nil }
        let port = UInt16(truncatingIfNeeded: self.port).bigEndian
        if isIPv4Loopback {
            withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { p in
                    p.pointee.sin6_family = sa_family_t(AF_INET6)
                    p.pointee.sin6_port = port
                    p.pointee.sin6_addr = in6addr_loopback
                }
            }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        } else {
            withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { p in
                    p.pointee.sin_family = sa_family_t(AF_INET)
                    p.pointee.sin_port = port
                    p.pointee.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
                }
            }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
        }
        return SocketAddress(storage: storage, length: length)
    }

    /// Resolves `host` (a name or a numeric address) for a TCP connection or bind.
    /// This may block on DNS: call it at configuration time, not on an event loop.
    package static func resolve(host: String, port: Int) throws(SystemError) -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            if status == EAI_SYSTEM { throw SystemError("getaddrinfo(\(host))", errno: Glibc.errno) }
            throw SystemError("getaddrinfo(\(host))", errno: EHOSTUNREACH, detail: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let address = entry.pointee.ai_addr {
                var storage = sockaddr_storage()
                withUnsafeMutableBytes(of: &storage) { raw in
                    raw.copyMemory(from: UnsafeRawBufferPointer(start: address, count: Int(entry.pointee.ai_addrlen)))
                }
                addresses.append(SocketAddress(storage: storage, length: entry.pointee.ai_addrlen))
            }
            cursor = entry.pointee.ai_next
        }
        // Prefer IPv4 first: "localhost" commonly resolves to ::1 where agents listen on 0.0.0.0.
        return addresses.filter { $0.family == AF_INET } + addresses.filter { $0.family != AF_INET }
    }
}
