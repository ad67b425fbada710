// BehaviourReport+Fields: the agent's report read from its response head (HeaderReporting)
// and every X-AgentSpec-* field taken out of it, in one pass over the fields.
// Invariants: after `take`, no field of the head starts with X-AgentSpec- (the agent's
// word to the sidecar, reported or not, never reaches the client); a head without such
// a field costs one prefix check per field and makes nothing.

extension BehaviourReport {
    /// Reads the agent's report and removes every X-AgentSpec-* field from `headers`.
    /// Lists are comma-separated, items trimmed, empty items dropped, repeated fields
    /// merged; the user confirmed when a User-Confirmed field says `true` (any case).
    /// Nil when none of the reporting fields was present.
    static func take(from headers: inout HTTPHeaders) -> BehaviourReport? {
        let prefix = ReportFields.prefix
        for index in headers.indices where headers.name(at: index, hasPrefix: prefix) {
            return takeAgentFields(from: &headers, startingAt: index)
        }
        return nil
    }

    /// `take` once a field with the prefix is found at `first`.
    @inline(never)
    private static func takeAgentFields(from headers: inout HTTPHeaders, startingAt first: Int) -> BehaviourReport? {
        let prefix = ReportFields.prefix, guardrails = ReportFields.guardrailsInvoked
        let tools = ReportFields.toolsCalled, confirmation = ReportFields.userConfirmed
        var report = BehaviourReport()
        var isReported = false
        for index in first..<headers.count where headers.name(at: index, hasPrefix: prefix) {
            if headers.name(at: index, is: guardrails) {
                isReported = true
                headers.withValueBytes(at: index) { appendItems(of: $0, to: &report.guardrailsInvoked) }
            } else if headers.name(at: index, is: tools) {
                isReported = true
                headers.withValueBytes(at: index) { appendItems(of: $0, to: &report.toolsCalled) }
            } else if headers.name(at: index, is: confirmation) {
                isReported = true
                if headers.withValueBytes(at: index, isTrue) { report.userConfirmed = true }
            }
        }
        headers.removeAll(whereName: { $0.hasPrefix(prefix) })
        return isReported ? report : nil
    }

    /// Appends the elements of a comma-separated value that `list` lacks, in order.
    private static func appendItems(of value: UnsafeBufferPointer<UInt8>, to list: inout [String]) {
        // A report names a few items, checked against the list as they come; past a
        // handful the rest are merged at once by `union`, which keeps the cost linear.
        var more: [String] = []
        FieldList.forEachElement(value) { element in
            let item = String(decoding: element, as: UTF8.self)
            if list.count < 16 {
                if !list.contains(item) { list.append(item) }
            } else {
                more.append(item)
            }
            return true
        }
        union(&list, more)
    }

    /// Whether a field value is `true`, ignoring ASCII case and surrounding spaces.
    private static func isTrue(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0, end = value.count
        while start < end && (value[start] == 0x20 || value[start] == 0x09) { start += 1 }
        while end > start && (value[end - 1] == 0x20 || value[end - 1] == 0x09) { end -= 1 }
        return end - start == 4 && zip(value[start..<end], "true".utf8).allSatisfy { ByteClass.lowercased($0) == $1 }
    }
}
