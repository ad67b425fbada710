// BundleTracker+Status: the tracker as OPA's status report shows one bundle —
// `bundles[name]` with `name`, `active_revision`, the four RFC 3339 times (each only
// once it happened: OPA's zero times say nothing), `type` and `size` of the bundle in
// force, the standing failure's `code`/`message`/`http_code`/`errors`, and `metrics`
// (OPA's timer names, in nanoseconds: the last request, and the last read + compile).
import PolicyVM

extension BundleTracker {
    /// `bundles[name]` of the status document.
    var statusValue: Value {
        var fields: [(key: String, value: Value)] = [("name", .string(name))]
        if let activeRevision { fields.append(("active_revision", .string(activeRevision))) }
        func time(_ key: String, _ unixNanos: Int64?) {
            if let unixNanos { fields.append((key, .string(Clock.iso8601(unixNanos)))) }
        }
        time("last_request", lastRequest)
        time("last_successful_request", lastSuccessfulRequest)
        time("last_successful_download", lastSuccessfulDownload)
        time("last_successful_activation", lastSuccessfulActivation)
        if let activeArchive {
            fields.append(("type", "snapshot"))
            fields.append(("size", .int(activeArchive.count)))
        }
        if let failure { fields += failure.statusFields }
        var metrics = RegoObject()
        if let lastRequestNanos { metrics["timer_bundle_request_ns"] = .number(.int(Int64(clamping: lastRequestNanos))) }
        if let lastActivationNanos { metrics["timer_rego_module_compile_ns"] = .number(.int(Int64(clamping: lastActivationNanos))) }
        if !metrics.isEmpty { fields.append(("metrics", .object(metrics))) }
        var object = RegoObject()
        for (key, value) in fields { object[.string(key)] = value }
        return .object(object)
    }
}
