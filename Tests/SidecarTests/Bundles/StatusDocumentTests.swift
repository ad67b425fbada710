// The status document in OPA's format: labels (id, version, agent), each section's
// fields and plugin state — a section added by another subsystem appears beside the
// bundle's — and OPA's bundle fields: times only once they happened, the failure's
// code/message/http_code, the bundle plugin NOT_READY until the first activation.
import PolicyVM
import Testing
@testable import Sidecar

@Suite struct StatusDocumentTests {
    struct DecisionLogsStandIn: StatusSection {
        var pluginName: String { "decision_logs" }
        func pluginState() -> PluginState { .warn }
        func statusFields() -> [(key: String, value: Value)] { [("decision_logs", .object(["code": "decision_log_error"]))] }
    }

    static let labels = StatusLabels(id: "id-1", version: "0.1.0", agent: "gymcoach", agentVersion: "2.1.0")

    static func activity() throws -> BundleActivity {
        let settings = try #require(try SidecarConfiguration.load(environment: ["BUNDLE_URL": "http://b.test/x.tar.gz"]).bundle)
        return BundleActivity(settings)
    }

    @Test func labelsSectionsAndPlugins() throws {
        let document = StatusDocument.build(labels: Self.labels, sections: [try Self.activity(), DecisionLogsStandIn()])
        #expect(document.field("labels") == .object(["id": "id-1", "version": "0.1.0", "agent": "gymcoach", "agent_version": "2.1.0"]))
        #expect(document.field("plugins") == .object(["bundle": .object(["state": "NOT_READY"]),
                                                      "decision_logs": .object(["state": "WARN"])]))
        #expect(document.field("decision_logs") == .object(["code": "decision_log_error"]))
        #expect(document.field("bundles") == .object(["x.tar.gz": .object(["name": "x.tar.gz"])]),
                "nothing has happened yet: no times, no revision")
    }

    @Test func theBundlesFieldsOnceTheyHappened() throws {
        let activity = try Self.activity()
        activity.update { t in
            t.requestSent(at: 1_000_000_000)
            _ = t.received(.bundle(archive: [1, 2, 3], etag: "e"), at: 2_000_000_000, tookNanos: 7)
            t.activated(revision: "r1", etag: "e", archive: [1, 2, 3], at: 3_000_000_000, tookNanos: 9)
            t.requestSent(at: 4_000_000_000)
            _ = t.received(.failed(BundleFailure(message: "bundle server replied with HTTP 500", httpCode: 500)), at: 5_000_000_000,
                           tookNanos: 8)
        }
        #expect(activity.pluginState() == .ok, "OPA's bundle plugin stays OK after its first activation")
        let bundle: Value = .object([
            "name": "x.tar.gz", "active_revision": "r1",
            "last_request": "1970-01-01T00:00:04.000Z", "last_successful_request": "1970-01-01T00:00:02.000Z",
            "last_successful_download": "1970-01-01T00:00:02.000Z", "last_successful_activation": "1970-01-01T00:00:03.000Z",
            "type": "snapshot", "size": 3, "code": "bundle_error", "message": "bundle server replied with HTTP 500", "http_code": 500,
            "metrics": .object(["timer_bundle_request_ns": 8, "timer_rego_module_compile_ns": 9]),
        ])
        #expect(StatusDocument.build(labels: Self.labels, sections: [activity]).field("bundles") == .object(["x.tar.gz": bundle]))
    }
}
