// ReportedFields: the agent's report as its X-AgentSpec-* response fields gave it
// (HeaderReporting), taken out of the head in one pass. The values of the guardrails and
// tools fields are kept as bytes, in one array; their lists are read into a
// BehaviourReport only when something needs them (the remote OPA's input, events merged
// in, the audit JSON), and an embedded decision reads them in place (DecisionInput).
// Invariants: after `take`, no field of the head starts with X-AgentSpec- (the agent's
// word to the sidecar, reported or not, never reaches the client); a head without such a
// field costs one prefix check per field and makes nothing; reading the lists gives what
// the contract says: comma-separated, items trimmed, empty ones dropped, repeated fields
// and items merged in first-seen order.

/// The agent's X-AgentSpec-* report, as it came.
struct ReportedFields: Sendable, Equatable {
    /// The guardrails fields' values, then the tools fields' values, each value followed
    /// by a comma (so values never run into each other).
    let bytes: [UInt8]
    /// Where the tools fields' values start in `bytes`.
    let toolsStart: Int
    /// A User-Confirmed field said `true` (any case, surrounding spaces ignored).
    let userConfirmed: Bool

    /// Calls `body` with each reported guardrail item, in order, repeats included.
    func forEachGuardrail(_ body: (UnsafeBufferPointer<UInt8>) -> Void) { forEachItem(0..<toolsStart, body) }
    /// Calls `body` with each reported tool item, in order, repeats included.
    func forEachTool(_ body: (UnsafeBufferPointer<UInt8>) -> Void) { forEachItem(toolsStart..<bytes.count, body) }

    private func forEachItem(_ region: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        guard !region.isEmpty else { return }
        bytes.withUnsafeBufferPointer { all in
            FieldList.forEachElement(UnsafeBufferPointer(rebasing: all[region])) { item in
                body(item)
                return true
            }
        }
    }

    /// The report's lists and confirmation (items made unique, in first-seen order).
    var report: BehaviourReport {
        var report = BehaviourReport()
        var guardrails: [String] = [], tools: [String] = []
        forEachGuardrail { guardrails.append(String(decoding: $0, as: UTF8.self)) }
        forEachTool { tools.append(String(decoding: $0, as: UTF8.self)) }
        BehaviourReport.union(&report.guardrailsInvoked, guardrails)
        BehaviourReport.union(&report.toolsCalled, tools)
        report.userConfirmed = userConfirmed
        return report
    }

    /// Takes the agent's report out of `headers`: removes every X-AgentSpec-* field and
    /// keeps what the reporting fields said. Nil when none of them was present.
    static func take(from headers: inout HTTPHeaders) -> ReportedFields? {
        let prefix = ReportFields.prefix
        for index in headers.indices where headers.name(at: index, hasPrefix: prefix) {
            return takeAgentFields(from: &headers, startingAt: index)
        }
        return nil
    }

    /// `take` once a field with the prefix is found at `first`.
    @inline(never)
    private static func takeAgentFields(from headers: inout HTTPHeaders, startingAt first: Int) -> ReportedFields? {
        let prefix = ReportFields.prefix, guardrails = ReportFields.guardrailsInvoked
        let tools = ReportFields.toolsCalled, confirmation = ReportFields.userConfirmed
        // First pass: what was reported, and how many bytes the lists take. The list
        // fields' positions are remembered (one bit each) for the second pass; a head
        // with more fields than bits has those past the mask matched again.
        var isReported = false, confirmed = false
        var guardrailBytes = 0, toolBytes = 0
        var guardrailFields: UInt64 = 0, toolFields: UInt64 = 0, agentFields: UInt64 = 0
        // The reporting names (which have the prefix) are tried first: each is a key
        // comparison unless it matches, and a match needs no prefix check.
        for index in first..<headers.count {
            if headers.name(at: index, isLong: guardrails) {
                isReported = true
                guardrailBytes += headers.withValueBytes(at: index) { $0.count } + 1
                if index < 64 { guardrailFields |= 1 << index }
            } else if headers.name(at: index, isLong: tools) {
                isReported = true
                toolBytes += headers.withValueBytes(at: index) { $0.count } + 1
                if index < 64 { toolFields |= 1 << index }
            } else if headers.name(at: index, isLong: confirmation) {
                isReported = true
                if headers.withValueBytes(at: index, isTrue) { confirmed = true }
            } else if !headers.name(at: index, hasPrefix: prefix) {
                continue
            }
            if index < 64 { agentFields |= 1 << index }
        }
        var reported: ReportedFields?
        if isReported {
            // Second pass: the values, laid out in a temporary region of the right size
            // (on the stack when small), guardrails first, then copied into the array in
            // one call. (An array made at its size up front goes through the runtime's
            // unspecialised allocation, which costs more than the copy; reserving and
            // appending costs a growth call and an append call per value.)
            let total = guardrailBytes + toolBytes
            let bytes = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Swift.max(total, 1)) { region -> [UInt8] in
                var end = 0
                func copyValues(of name: HTTPFieldName, at positions: UInt64) {
                    for index in first..<headers.count
                    where index < 64 ? positions & (1 << index) != 0 : headers.name(at: index, isLong: name) {
                        headers.withValueBytes(at: index) { value in
                            // The first pass measured these very fields.
                            precondition(end + value.count < total, "report measured too small")
                            if let source = value.baseAddress, !value.isEmpty {
                                (region.baseAddress.unsafelyUnwrapped + end).initialize(from: source, count: value.count)
                            }
                            end += value.count
                        }
                        region[end] = UInt8(ascii: ",")
                        end += 1
                    }
                }
                copyValues(of: guardrails, at: guardrailFields)
                copyValues(of: tools, at: toolFields)
                return Array(UnsafeBufferPointer(rebasing: region[0..<end]))
            }
            reported = ReportedFields(bytes: bytes, toolsStart: guardrailBytes, userConfirmed: confirmed)
        }
        headers.removeAll(whereIndexOrName: { index, name in
            index < 64 ? agentFields & (1 << index) != 0 : name.hasPrefix(prefix)
        })
        return reported
    }

    /// Whether a field value is `true`, ignoring ASCII case and surrounding spaces.
    private static func isTrue(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0, end = value.count
        while start < end && (value[start] == 0x20 || value[start] == 0x09) { start += 1 }
        while end > start && (value[end - 1] == 0x20 || value[end - 1] == 0x09) { end -= 1 }
        return end - start == 4 && zip(value[start..<end], "true".utf8).allSatisfy { ByteClass.lowercased($0) == $1 }
    }
}
