// HealthRunnerTests: checks run concurrently, come back in order, and one that
// never finishes is reported as failed when its timeout passes instead of holding
// up the run; plus the report's overall status and --fail-on decision.
import Dispatch
import Testing
@testable import AgentSpec

struct HealthRunnerTests {
    static func check(_ id: String, timeout: Duration = .seconds(2), severity: HealthSeverity = .error,
                      _ run: @escaping @Sendable (Deadline) -> ProbeOutcome) -> HealthCheck {
        HealthCheck(id: id, category: .system, severity: severity, timeout: timeout, remediation: "fix \(id)", run: run)
    }

    @Test func runsConcurrentlyAndKeepsOrder() {
        // Each check waits for the next one to have started: only a concurrent run finishes in time.
        let started = (0..<4).map { _ in DispatchSemaphore(value: 0) }
        let checks = (0..<4).map { i in
            Self.check("c\(i)") { _ in
                started[i].signal()
                let next = started[(i + 1) % 4]
                guard next.wait(timeout: .now() + .seconds(2)) == .success else { return ProbeOutcome(status: .fail, message: "alone") }
                next.signal()
                return ProbeOutcome(status: .pass, message: "together")
            }
        }
        let results = HealthRunner.run(checks)
        #expect(results.map(\.id) == ["c0", "c1", "c2", "c3"])
        #expect(results.allSatisfy { $0.status == .pass })
        #expect(results.allSatisfy { $0.remediation == nil })
    }

    @Test func abandonsACheckThatOutlivesItsTimeout() {
        let never = DispatchSemaphore(value: 0)
        let start = ContinuousClock.now
        let results = HealthRunner.run([
            Self.check("stuck", timeout: .milliseconds(200)) { _ in
                _ = never.wait(timeout: .now() + .seconds(30))
                return ProbeOutcome(status: .pass, message: "late")
            },
            Self.check("quick") { _ in ProbeOutcome(status: .pass, message: "ok") },
        ])
        never.signal()
        #expect(ContinuousClock.now - start < .seconds(3))
        #expect(results[0].status == .fail)
        #expect(results[0].message == "no answer within 200 ms")
        #expect(results[0].remediation == "fix stuck")
        #expect(results[1].status == .pass)
    }

    static func result(_ status: HealthStatus, _ severity: HealthSeverity) -> HealthResult {
        HealthResult(id: "x", category: .env, status: status, severity: severity, message: "", remediation: nil, latencyMs: 0)
    }

    @Test func overallStatusAndFailOn() {
        let passing = HealthReport(agent: "a", version: "1.0.0", results: [Self.result(.pass, .error), Self.result(.skip, .error)])
        #expect(passing.overall == .pass && !passing.fails(on: .warning))
        let warning = HealthReport(agent: "a", version: "1.0.0", results: [Self.result(.pass, .error), Self.result(.fail, .warning)])
        #expect(warning.overall == .warn && !warning.fails(on: .error) && warning.fails(on: .warning))
        let warned = HealthReport(agent: "a", version: "1.0.0", results: [Self.result(.warn, .error)])
        #expect(warned.overall == .warn && !warned.fails(on: .error) && warned.fails(on: .warning))
        let failing = HealthReport(agent: "a", version: "1.0.0", results: [Self.result(.fail, .error)])
        #expect(failing.overall == .fail && failing.fails(on: .error))
    }

    @Test(arguments: [("5s", 5000), ("500ms", 500), ("2m", 120_000), ("1.5", 1500), ("0.25s", 250)])
    func parsesDurations(_ text: String, _ ms: Int) {
        #expect(Duration.parse(text)?.milliseconds == ms)
    }

    @Test(arguments: ["", "0", "-1s", "abc", "5h", "2m30s", "nan", "inf", "3601"])
    func rejectsDurations(_ text: String) {
        #expect(Duration.parse(text) == nil)
    }
}
