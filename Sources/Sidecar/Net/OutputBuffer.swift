// OutputBuffer: bytes waiting for a socket, written as the socket takes them — the one
// write path of the server's connections and the upstream connections.
// Invariants: bytes leave in the order they were appended; a would-block keeps the rest
// for the next flush; a buffer that grew past a megabyte in a burst is let go once
// drained, and the sent bytes of a partly written buffer are dropped once they pass
// 64 KiB (neither a burst nor a slow reader keeps memory per connection).
import SystemCalls

/// A connection's pending output.
struct OutputBuffer {
    private var bytes: [UInt8] = []
    private var offset = 0

    /// What a flush did.
    enum FlushResult {
        /// Everything is written.
        case drained
        /// The socket took what it could; the rest waits (`progressed`: some bytes left).
        case blocked(progressed: Bool)
        /// The socket failed; the connection is done.
        case failed(SystemError)
    }

    var pendingCount: Int { bytes.count - offset }
    var isEmpty: Bool { offset == bytes.count }

    mutating func append(_ more: [UInt8]) { bytes.append(contentsOf: more) }

    /// Lets `write` append in place (a serializer writing a head or a chunk).
    mutating func append(_ write: (inout [UInt8]) -> Void) { write(&bytes) }

    /// Sends to `fd` until everything is written or the socket would block.
    mutating func flush(to fd: Int32) -> FlushResult {
        var progressed = false
        while offset < bytes.count {
            let from = offset
            let result = bytes.withUnsafeBytes { raw in
                Result { () throws(SystemError) in try Syscall.send(fd, UnsafeRawBufferPointer(rebasing: raw[from...])) }
            }
            guard case .success(let sendResult) = result else {
                if case .failure(let error) = result { return .failed(error) }
                break
            }
            guard case .processed(let sent) = sendResult else { break }
            offset += sent
            progressed = true
        }
        if offset == bytes.count {
            if bytes.capacity > 1 << 20 { bytes = [] } else { bytes.removeAll(keepingCapacity: true) }
            offset = 0
            return .drained
        }
        if offset >= 64 * 1024 {
            bytes.removeFirst(offset)
            offset = 0
        }
        return .blocked(progressed: progressed)
    }

    /// Drops everything (the connection is closing).
    mutating func discard() {
        bytes = []
        offset = 0
    }
}
