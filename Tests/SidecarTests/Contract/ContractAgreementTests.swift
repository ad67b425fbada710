// The contract between the agent, the sidecar and the policies is spelled once, in
// AgentSpec/Contract: the decision input's fields (DecisionInputField), the X-AgentSpec-*
// fields (AgentReportHeader) and the version. These tests hold the three users to it:
// the sidecar builds exactly the contract's input document and reads and writes the
// contract's fields, and neither the policy `agentspec generate-policy` writes nor the
// library in policies/ reads an input field the contract does not have.
import AgentSpec
import Foundation
import PolicyVM
import Testing
@testable import Sidecar

@Suite struct ContractAgreementTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A report with every fact the contract has, and usage with both totals.
    static var everything: (BehaviourReport, DailyUsage) {
        var report = BehaviourReport()
        report.guardrailsInvoked = ["topic-filter"]
        report.toolsCalled = ["delete-workout"]
        report.userConfirmed = true
        report.toxicityScore = Number(0.1)
        report.hallucinationScore = Number(0.2)
        report.hasMemoryWrite = true
        report.memoryTTLSeconds = .number(.int(60))
        report.memoryPIIScrubbed = true
        var usage = DailyUsage()
        (usage.tokens, usage.hasTokens, usage.costUSD, usage.hasCost) = (10, true, 0.5, true)
        return (report, usage)
    }

    @Test func theSidecarBuildsExactlyTheContractsInputDocument() throws {
        let profile = AgentProfile(agentName: "a", modelId: "p/m", guardrailsDeclared: [], toolsRegistered: [])
        let (report, usage) = Self.everything
        guard case .object(let document) = DecisionInput.make(profile, report, usage: usage) else { Issue.record("not an object"); return }
        let keys = Set(document.map { $0.key.stringValue ?? "" })
        #expect(keys == Set(DecisionInputField.allCases.map(\.rawValue)))
        guard case .object(let memory)? = document[.string(DecisionInputField.memoryWrite.rawValue)] else {
            Issue.record("no memory_write"); return
        }
        #expect(Set(memory.map { $0.key.stringValue ?? "" }) == Set(MemoryWriteField.allCases.map(\.rawValue)))
        #expect(document[.string(DecisionInputField.requestType.rawValue)] == .string(DecisionInputField.llmCall))
    }

    /// The `input.…` references of a Rego text (comments and strings left out); a
    /// reference the pattern cannot read (`input[…]`, a bare `input`) is reported as is.
    static func inputReferences(_ rego: String) -> [String] {
        var references: [String] = []
        for line in rego.split(separator: "\n") {
            let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let unquoted = code.replacing(/"(\\.|[^"\\])*"/, with: "\"\"")
            for match in unquoted.matches(of: /(?:^|[^A-Za-z0-9_.])(input(?:\.[a-z_]+)*)(\[?)/) {
                references.append(String(match.output.1) + String(match.output.2))
            }
        }
        return references
    }

    static func check(_ rego: String, source: String) -> Int {
        let fields = Set(DecisionInputField.allCases.map(\.reference))
        let memoryFields = Set(MemoryWriteField.allCases.map(\.reference))
        let references = inputReferences(rego)
        for reference in references {
            let known = fields.contains(reference) || memoryFields.contains(reference)
            #expect(known, "\(source) reads \(reference), which is not a field of the contract (DecisionInputField)")
        }
        return references.count
    }

    @Test func thePolicyLibraryReadsOnlyTheContractsFields() throws {
        let folder = Self.root.appendingPathComponent("policies/agentspec")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".rego") && !$0.hasSuffix("_test.rego") }
        #expect(!files.isEmpty)
        var references = 0
        for file in files {
            references += Self.check(try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8),
                                     source: "policies/agentspec/\(file)")
        }
        #expect(references > 10, "the library reads the input: the check must have something to check")
    }

    @Test func theGeneratedPolicyReadsOnlyTheContractsFieldsAndAnswersTheSidecarsQuery() throws {
        let path = Self.root.appendingPathComponent("examples/gymcoach/agent.yaml").path
        let manifest = try #require(ManifestLoader.load(path: path).manifest)
        let generated = PolicyGenerator.generate(manifest)
        #expect(Self.check(generated.rego, source: "the policy generated for GymCoach") > 5)
        #expect(generated.packageName.hasPrefix(DecisionQuery.packagePrefix + "."))
        #expect(generated.denyQuery == "data.\(generated.packageName).\(DecisionQuery.rule)")
        // The sidecar compiles the query the contract names and decides the document it builds.
        let policy = try EmbeddedPolicy.compile([("policy.rego", generated.rego)], data: generated.data,
                                                packageName: generated.packageName)
        let profile = AgentProfile(agentName: manifest.metadata.name, modelId: "groq/llama", guardrailsDeclared: ["topic-filter"],
                                   toolsRegistered: ["delete-workout"])
        var unconfirmed = BehaviourReport()
        unconfirmed.toolsCalled = ["delete-workout"]
        #expect(try policy.violations(profile, unconfirmed, usage: DailyUsage()).contains("destructive_tool_without_confirmation"))
    }

    @Test func theSidecarReadsAndWritesTheContractsFields() {
        var headers = HTTPHeaders()
        headers.add(name: AgentReportHeader.guardrailsInvoked, value: "topic-filter")
        headers.add(name: AgentReportHeader.toolsCalled, value: "log-workout")
        headers.add(name: AgentReportHeader.userConfirmed, value: "true")
        let report = ReportedFields.take(from: &headers)?.report
        #expect(report?.guardrailsInvoked == ["topic-filter"] && report?.toolsCalled == ["log-workout"] && report?.userConfirmed == true)
        for name in AgentReportHeader.reported + [AgentReportHeader.violations] {
            #expect(name.hasPrefix(AgentReportHeader.prefix))
            #expect(HTTPHeaders([(name, "x")]).name(at: 0, hasPrefix: ReportFields.prefix))
        }
        #expect(ReportFields.violations.text == AgentReportHeader.violations)
    }

    @Test func theSidecarReportsTheProjectsVersion() {
        #expect(SidecarState.version == AgentSpecVersion.current)
    }
}
