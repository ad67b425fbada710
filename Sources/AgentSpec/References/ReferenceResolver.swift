// ReferenceResolver: turns a reference into its value at the moment it is needed
// (health checks, the sidecar). The environment, the secrets folder and the clock are
// injected, so resolution is testable without touching the process's state.
import Foundation

/// Resolves `$env:`, `$secret:`, `$file:` and `$func:` references.
public struct ReferenceResolver: Sendable {
    /// Where `$secret:` values come from.
    public enum SecretBackend: Sendable, Equatable {
        /// `AGENTSPEC_SECRET_<NAME>` environment variables (the default).
        case environment
        /// One file per secret in a folder (`/run/secrets/<name>`).
        case files(directory: String)
        /// A backend this build cannot reach (vault, aws, gcp, azure).
        case unsupported(String)

        /// From `AGENTSPEC_SECRET_BACKEND` (`env`, `file`, or another name).
        public static func from(environment: [String: String]) -> SecretBackend {
            switch environment["AGENTSPEC_SECRET_BACKEND"] ?? "env" {
            case "env", "": return .environment
            case "file": return .files(directory: environment["AGENTSPEC_SECRETS_DIR"] ?? "/run/secrets")
            case let other: return .unsupported(other)
            }
        }
    }

    public var environment: [String: String]
    public var manifestDirectory: String
    public var secretBackend: SecretBackend
    public var now: @Sendable () -> Date

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                manifestDirectory: String,
                secretBackend: SecretBackend? = nil,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.environment = environment
        self.manifestDirectory = manifestDirectory
        self.secretBackend = secretBackend ?? .from(environment: environment)
        self.now = now
    }

    /// The text of a field; `field` (a manifest path) names it in errors.
    public func resolve(_ value: RefOrLiteral, field: String) throws(ReferenceError) -> String {
        switch value {
        case .literal(let s): return s
        case .reference(let r): return try resolve(r, field: field)
        }
    }

    public func resolve(_ reference: Reference, field: String) throws(ReferenceError) -> String {
        func fail(_ why: String) -> ReferenceError { ReferenceError(field: field, reference: reference.description, reason: why) }
        switch reference {
        case .env(let name):
            guard let v = environment[name] else { throw fail("environment variable \(name) is not set") }
            return v
        case .secret(let name):
            switch secretBackend {
            case .environment:
                let variable = Self.secretVariable(name)
                guard let v = environment[variable] else { throw fail("secret not found: \(variable) is not set") }
                return v
            case .files(let dir):
                guard !name.split(separator: "/").contains("..") else { throw fail("secret name may not contain '..'") }
                let path = dir + "/" + name
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw fail("secret file \(path) cannot be read") }
                return text.hasSuffix("\n") ? String(text.dropLast()) : text
            case .unsupported(let backend):
                throw fail("secret backend \"\(backend)\" is not supported (use env or file)")
            }
        case .file(let relative):
            guard let normal = FilePath.normalized(relative), !relative.hasPrefix("/") else {
                throw fail("path escapes the manifest's folder")
            }
            let base = URL(fileURLWithPath: manifestDirectory).standardizedFileURL.resolvingSymlinksInPath().path
            let full = URL(fileURLWithPath: base + "/" + normal).resolvingSymlinksInPath().path
            guard full == base || full.hasPrefix(base.hasSuffix("/") ? base : base + "/") else {
                throw fail("path escapes the manifest's folder")
            }
            guard let text = try? String(contentsOfFile: full, encoding: .utf8) else { throw fail("file \(full) cannot be read") }
            return text
        case .function(let name):
            let seconds = Int64(now().timeIntervalSince1970.rounded(.down))
            switch name {
            case "now_unix": return String(seconds)
            case "now_iso": return CivilTime(unixSeconds: seconds).iso8601
            case "now_date": return CivilTime(unixSeconds: seconds).date
            default: throw fail("unknown function \(name)")
            }
        }
    }

    /// `langfuse-secret-key` -> `AGENTSPEC_SECRET_LANGFUSE_SECRET_KEY`.
    public static func secretVariable(_ name: String) -> String {
        let upper = name.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
        return "AGENTSPEC_SECRET_" + String(upper)
    }
}

/// A reference that could not be resolved.
public struct ReferenceError: Error, Sendable, CustomStringConvertible {
    public var field: String
    public var reference: String
    public var reason: String
    public var description: String { "\(field): cannot resolve \(reference): \(reason)" }
}
