// FieldList: the elements of a comma-separated field value (RFC 9110 §5.6.1), read
// from its bytes without making Strings.
// Invariant: every element handed out is trimmed of spaces and tabs and non-empty
// ("a recipient MUST parse and ignore a reasonable number of empty list elements").

/// Reads list-valued fields (`Connection`, the agent's behaviour reports, …).
enum FieldList {
    /// Calls `body` with each element of `value`, in order, until it returns false.
    @inline(__always)
    static func forEachElement(_ value: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) {
        var start = 0
        while start <= value.count {
            var end = start
            while end < value.count && value[end] != UInt8(ascii: ",") { end += 1 }
            var first = start, last = end
            while first < last && (value[first] == 0x20 || value[first] == 0x09) { first += 1 }
            while last > first && (value[last - 1] == 0x20 || value[last - 1] == 0x09) { last -= 1 }
            if last > first && !body(UnsafeBufferPointer(rebasing: value[first..<last])) { return }
            start = end + 1
        }
    }
}
