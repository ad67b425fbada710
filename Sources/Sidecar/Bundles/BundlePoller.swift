// BundlePoller: keeps the policy in force in step with BUNDLE_URL. It asks at start,
// then after a random wait in [BUNDLE_POLL_MIN_S, BUNDLE_POLL_MAX_S]; a new bundle is
// read by the bounded bundle reader (its signature checked against
// BUNDLE_VERIFICATION_KEY there), compiled with the manifest in force (as POLICY_DIR
// is) and swapped in whole; a 304 or the same bytes change nothing; any failure keeps
// the policy in force, is logged with its reason (one JSON line) and stands in the
// tracker (readiness degraded, status `code`/`message`) until a good answer clears it.
// Invariants: nothing here runs on an event loop — the download waits on the client's
// own loop, the compile runs on the activation queue (the queue manifest reloads run
// on, so a reload and an activation never interleave) — so no request waits for a
// bundle; a policy is installed only whole and only when it compiled.
import AgentSpec
import Dispatch
import PolicyVM

/// Polls the bundle server and activates what it serves.
final class BundlePoller: Sendable {
    typealias Transport = @Sendable (HTTPClientRequest) async throws(HTTPClientError) -> HTTPClientResponse

    let settings: BundleSettings
    let activity: BundleActivity
    private let policies: PolicyHolder
    private let logger: Logger
    private let transport: Transport
    private let activationQueue: DispatchQueue
    private let limits: BundleLimits
    /// Called after a poll that changed what the status document says of the bundle.
    private let onChange: @Sendable () -> Void
    private let wakeup = Wakeup()

    init(settings: BundleSettings, activity: BundleActivity, policies: PolicyHolder, logger: Logger,
         activationQueue: DispatchQueue, limits: BundleLimits = .standard, transport: @escaping Transport,
         onChange: @escaping @Sendable () -> Void = {}) {
        self.settings = settings
        self.activity = activity
        self.policies = policies
        self.logger = logger
        self.activationQueue = activationQueue
        self.limits = limits
        self.transport = transport
        self.onChange = onChange
    }

    /// Polls now, then after every wait, until `stop()`.
    func start() {
        let schedule = BundlePollSchedule(settings)
        wakeup.repeatUntilStopped(delay: {
            var random = SystemRandomNumberGenerator()
            return schedule.nextDelayNanos(using: &random)
        }, { [self] in await poll() })
    }

    func stop() { wakeup.stop() }

    /// One poll: the request, then an activation or nothing; what changed is logged and
    /// reported.
    func poll() async {
        let before = activity.snapshot
        activity.update { $0.requestSent(at: Clock.unixNanoseconds()) }
        let request = BundleDownload.request(settings, ifNoneMatch: before.activeETag, limits: limits)
        let started = Clock.monotonicNanoseconds()
        let result: Result<HTTPClientResponse, HTTPClientError>
        do { result = .success(try await transport(request)) } catch { result = .failure(error) }
        let answer = BundleDownload.answer(result)
        let took = Clock.monotonicNanoseconds() - started
        let action = activity.update { $0.received(answer, at: Clock.unixNanoseconds(), tookNanos: took) }
        switch (action, answer) {
        case (.activate(let archive, let etag), _):
            await activate(archive, etag: etag)
        case (.keep, .failed(let failure)):
            logger.error("bundle download failed; the policy in force stays", fields(failure, httpCode: failure.httpCode))
        case (.keep, _):
            logger.debug("bundle unchanged", [("bundle", .string(settings.name)), ("revision", .string(before.activeRevision ?? ""))])
        }
        let after = activity.snapshot
        if before.failure != nil && after.failure == nil && after.lastSuccessfulActivation == before.lastSuccessfulActivation {
            logger.info("bundle server serves the bundle in force again", [("bundle", .string(settings.name))])
        }
        if before.failure != after.failure || before.lastSuccessfulActivation != after.lastSuccessfulActivation { onChange() }
    }

    /// Reads and compiles `archive` on the activation queue and installs it when it compiled.
    private func activate(_ archive: [UInt8], etag: String?) async {
        let started = Clock.monotonicNanoseconds()
        let (settings, limits, policies) = (self.settings, self.limits, self.policies)
        let result: Result<AgentPolicy, AgentPolicyError> = await withCheckedContinuation { continuation in
            activationQueue.async {
                let outcome: Result<AgentPolicy, AgentPolicyError>
                do throws(AgentPolicyError) {
                    let bundle = try DownloadedBundle.read(archive, name: settings.name, etag: etag, limits: limits,
                                                           signatures: settings.signatures)
                    let current = policies.current
                    let policy = try AgentPolicy.compile(current.manifest, manifestPath: current.manifestPath, policyDir: nil,
                                                         bundle: bundle)
                    policies.activate(policy)
                    outcome = .success(policy)
                } catch {
                    outcome = .failure(error)
                }
                continuation.resume(returning: outcome)
            }
        }
        let took = Clock.monotonicNanoseconds() - started
        let previous = activity.snapshot.activeRevision
        switch result {
        case .success(let policy):
            let revision = policy.bundle?.revision ?? ""
            activity.update { $0.activated(revision: revision, etag: etag, archive: archive, at: Clock.unixNanoseconds(), tookNanos: took) }
            logger.info("bundle activated", [
                ("bundle", .string(settings.name)), ("revision", .string(revision)),
                ("previousRevision", previous.map(Value.string) ?? .null), ("bytes", .int(archive.count)),
            ])
        case .failure(let error):
            let failure = BundleFailure(message: error.message, errors: error.errors)
            activity.update { $0.activationFailed(failure, tookNanos: took) }
            logger.error("bundle activation failed; the policy in force stays", fields(failure, httpCode: nil))
        }
    }

    /// The log fields of a failure: the bundle, where from, why, and what stays in force.
    private func fields(_ failure: BundleFailure, httpCode: Int?) -> [(String, Value)] {
        var fields: [(String, Value)] = [
            ("bundle", .string(settings.name)), ("url", .string(settings.displayURL)), ("reason", .string(failure.message)),
        ]
        if let httpCode { fields.append(("httpCode", .int(httpCode))) }
        let inForce = activity.snapshot.activeRevision
        fields.append(("revisionInForce", inForce.map(Value.string) ?? "none: the manifest's policy alone"))
        return fields
    }
}
