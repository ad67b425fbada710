// DecisionEventEncoder: one decision as an event of OPA's decision-log format, encoded as
// JSON bytes — `labels` (those of the status reports: the sidecar's instance `id`,
// agentspec's `version`, the manifest's `agent` and `agent_version`), `decision_id`,
// `bundles` (the BUNDLE_URL bundle the policy was compiled with, and its revision),
// `path` (the rule decided,
// `agentspec/agent/<name>/deny`), `input` (the document the decision was made over, the
// manifest's `redactFields` erased and listed in `erased`), `result` (the deny set, as an
// array), `error` (a decision that could not be made), `timestamp` (RFC 3339, nanoseconds,
// UTC), `metrics` (OPA's `timer_rego_query_eval_ns` for the embedded VM) and our
// `request_id`. The fields come in the order OPA writes them.
// Invariant: runs on the decision log's queue only, never on a request's loop; what
// changes only with the policy (labels, path, bundles, secret names, the input's fixed
// members) is encoded once per policy object and reused. The input's other members are
// filled by DecisionInput.fill — the function the decision itself was made with — into
// one document the encoder keeps and refills in place, and written from it in the
// contract's order: the logged input is the decided one, at no allocation per event for
// the document (ids, timestamps and numbers are written as bytes, never as Strings).
import AgentSpec
import PolicyVM

/// Encodes decision records as OPA decision-log events.
struct DecisionEventEncoder {
    /// The revisions of the bundles a policy was built from (`{name: revision}`); empty
    /// without a bundle, and the event then has no `bundles` (as OPA's has none).
    typealias BundleRevisions = @Sendable (AgentPolicy) -> [String: String]

    let instanceId: String
    let version: String
    let bundleRevisions: BundleRevisions

    /// The policy last encoded for, and what it fixes.
    private var cachedPolicy: AgentPolicy?
    private var head: [UInt8] = []
    /// `,"bundles":{…}` (empty without a bundle), then the agent decisions' path and the
    /// input's key after it.
    private var bundles: [UInt8] = []
    private var pathAndInputKey: [UInt8] = []
    private var secrets = SecretFieldNames(redactFields: [])
    /// The members of the input document that the profile fixes (`agent_name`, `model_id`,
    /// the declared lists…), secrets erased, without braces; and the pointers erased there.
    private var fixedInputMembers: [UInt8] = []
    private var fixedInputErased: [String] = []
    /// The members each decision fills, in the contract's order: the key, its `,"name":`
    /// text, and whether the manifest's redactFields erase it.
    private var filledMembers: [FilledMember] = []
    /// The policy's input document, refilled for each event.
    private var document = RegoObject()
    private var timestamps = RFC3339NanoWriter()

    private struct FilledMember {
        let key: HashedKey
        let text: [UInt8]
        let pointer: String
        let isSecret: Bool
    }

    init(instanceId: String, version: String, bundleRevisions: @escaping BundleRevisions = Self.revisionsInForce) {
        self.instanceId = instanceId
        self.version = version
        self.bundleRevisions = bundleRevisions
    }

    /// The bundle a policy was compiled with (BUNDLE_URL), by name: its revision is the
    /// one in force when the decision was made, since the record holds that policy.
    static let revisionsInForce: BundleRevisions = { policy in policy.bundle.map { [$0.name: $0.revision] } ?? [:] }

    /// The rule path OPA would log for the agent's deny query: `agentspec/agent/<name>/deny`.
    static func path(packageName: String) -> String {
        packageName.split(separator: ".").joined(separator: "/") + "/" + DecisionQuery.rule
    }

    /// The event for `record`, as JSON.
    mutating func encode(_ record: DecisionRecord) -> [UInt8] {
        prepare(for: record.policy)
        let facts = record.facts
        let decision = facts.decision ?? Decision(violations: [], source: .embedded, nanoseconds: 0)
        var out: [UInt8] = []
        out.reserveCapacity(head.count + pathAndInputKey.count + fixedInputMembers.count + 320)
        out += head
        out.append(UInt8(ascii: "\""))
        decision.id?.append(to: &out)
        out.append(UInt8(ascii: "\""))
        out += pathAndInputKey
        let erased = appendInput(facts, to: &out)
        if decision.source != .opaUnavailable && decision.failure == nil {
            out += #","result":"#.utf8
            Self.appendStrings(decision.violations, to: &out)
        }
        if !erased.isEmpty {
            out += #","erased":"#.utf8
            Self.appendStrings(erased, to: &out)
        }
        if let failure = decision.failure {
            let code = decision.source == .embedded ? "agentspec_evaluation_failed" : "agentspec_opa_unavailable"
            Self.appendError(code: code, message: failure, to: &out)
        }
        out += #","timestamp":""#.utf8
        timestamps.append(record.unixNanos, to: &out)
        out += #"","metrics":{"#.utf8
        JSONWriter.appendString(Self.timerName(decision.source), to: &out)
        out.append(UInt8(ascii: ":"))
        out += String(decision.nanoseconds).utf8
        out += #"},"request_id":"#.utf8
        JSONWriter.appendString(record.requestId, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// The event for a Data API query, as OPA logs one: the path asked, the input given
    /// (secrets erased at any depth), the result unless undefined, or the error; who asked.
    mutating func encode(_ query: DataQueryRecord) -> [UInt8] {
        prepare(for: query.policy)
        var out = head
        out.append(UInt8(ascii: "\""))
        query.id.append(to: &out)
        out.append(UInt8(ascii: "\""))
        out += bundles
        out += #","path":"#.utf8
        JSONWriter.appendString(query.path, to: &out)
        var erased: [String] = []
        if var input = query.input {
            erased = InputErasure.erase(&input, secrets: secrets)
            out += #","input":"#.utf8
            JSONWriter.append(input, to: &out)
        }
        if let result = query.result {
            out += #","result":"#.utf8
            JSONWriter.append(result, to: &out)
        }
        if !erased.isEmpty {
            out += #","erased":"#.utf8
            Self.appendStrings(erased, to: &out)
        }
        if let error = query.error {
            Self.appendError(code: error.code, message: error.message, to: &out)
        }
        out += #","requested_by":"#.utf8
        JSONWriter.appendString(query.requestedBy, to: &out)
        out += #","timestamp":""#.utf8
        timestamps.append(query.unixNanos, to: &out)
        out += #"","metrics":{"timer_rego_query_eval_ns":"#.utf8
        out += String(query.nanoseconds).utf8
        out += "}}".utf8
        return out
    }

    /// The event's `error` member: OPA's `{"code", "message"}`.
    private static func appendError(code: String, message: String, to out: inout [UInt8]) {
        out += #","error":{"code":"#.utf8
        JSONWriter.appendString(code, to: &out)
        out += #","message":"#.utf8
        JSONWriter.appendString(message, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// A JSON array of `strings`, without an intermediate Value.
    private static func appendStrings(_ strings: [String], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (i, string) in strings.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.appendString(string, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// Writes the input document the decision was made over — the profile's fixed members
    /// (encoded once per policy), then those `DecisionInput.fill` sets for this decision —
    /// with secrets erased; returns every pointer erased, sorted.
    private mutating func appendInput(_ facts: AuditFacts, to out: inout [UInt8]) -> [String] {
        let usage = facts.usage ?? DailyUsage()
        switch facts.reported {
        case .fields(let fields)?: DecisionInput.fill(&document, fields, usage: usage)
        case .report(let report)?: DecisionInput.fill(&document, report, usage: usage)
        case nil: DecisionInput.fill(&document, BehaviourReport(), usage: usage)
        }
        var erased = fixedInputErased
        out.append(UInt8(ascii: "{"))
        out += fixedInputMembers
        var first = fixedInputMembers.isEmpty
        for member in filledMembers {
            guard var value = document.lookup(member.key) else { continue }
            if member.isSecret {
                erased.append(member.pointer)
                continue
            }
            if case .object = value, !secrets.isEmpty {
                erased += InputErasure.erase(&value, secrets: secrets, at: member.pointer)
            }
            out += first ? member.text.dropFirst() : member.text[...]
            first = false
            JSONWriter.append(value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        if erased.count > 1 { erased.sort() }
        return erased
    }

    /// OPA's name for the time an embedded decision took (the query's evaluation); a
    /// remote decision's time is the whole exchange with OPA, which OPA has no name for.
    static func timerName(_ source: DecisionSource) -> String {
        source == .embedded ? "timer_rego_query_eval_ns" : "timer_agentspec_remote_decision_ns"
    }

    /// Encodes what `policy` fixes, unless it was the last policy encoded for.
    private mutating func prepare(for policy: AgentPolicy) {
        if cachedPolicy === policy { return }
        cachedPolicy = policy
        let metadata = policy.manifest.metadata
        // The labels of the status reports: a collector joins the two by them.
        let labels = StatusLabels(id: instanceId, version: version, agent: metadata.name, agentVersion: metadata.version)
        head = Array(#"{"labels":"#.utf8)
        JSONWriter.append(labels.value, to: &head)
        head += #","decision_id":"#.utf8
        bundles = []
        let revisions = bundleRevisions(policy)
        if !revisions.isEmpty {
            var named = RegoObject()
            for (name, revision) in revisions { named[.string(name)] = .object(["revision": .string(revision)]) }
            bundles += #","bundles":"#.utf8
            JSONWriter.append(.object(named), to: &bundles)
        }
        pathAndInputKey = bundles
        pathAndInputKey += #","path":"#.utf8
        JSONWriter.appendString(Self.path(packageName: policy.generated.packageName), to: &pathAndInputKey)
        pathAndInputKey += #","input":"#.utf8
        secrets = SecretFieldNames(redactFields: policy.manifest.spec.observability?.logging?.redactFields ?? [])
        var fixed = Value.object(policy.profile.documentTemplate)
        fixedInputErased = InputErasure.erase(&fixed, secrets: secrets)
        var object: [UInt8] = []
        JSONWriter.append(fixed, to: &object)
        fixedInputMembers = object.count > 2 ? Array(object[1..<(object.count - 1)]) : []
        document = policy.profile.documentTemplate
        filledMembers = DecisionInputField.allCases.compactMap { field in
            let key = HashedKey(.string(field.rawValue))
            guard document.lookup(key) == nil else { return nil }  // fixed by the profile
            var text = Array(",".utf8)
            JSONWriter.appendString(field.rawValue, to: &text)
            text.append(UInt8(ascii: ":"))
            return FilledMember(key: key, text: text, pointer: "/input/" + PositionIndex.escape(field.rawValue),
                                isSecret: secrets.contains(field.rawValue))
        }
    }
}
