// `agentspec policy build`: writes an OPA bundle (`.tar.gz`) from policy folders and
// files, like `opa build`: modules at their paths, data.json at theirs, a `.manifest`
// with the revision and the roots the bundle defines. OPA, `policy eval -b`, `policy
// test -b` and the sidecar's POLICY_DIR all load it.
import AgentSpec
import Foundation
import PolicyVM

enum PolicyBuildCommand {
    static let options = OptionTable(
        valued: ["-d": "data", "--data": "data", "-b": "bundle", "--bundle": "bundle", "-o": "output", "--output": "output",
                 "-r": "revision", "--revision": "revision"].merging(BundleSigningOptions.signing) { a, _ in a },
        flags: ["--force": "force", "--json": "json"])

    static let command = Command(
        path: ["policy", "build"],
        summary: "Write an OPA bundle (.tar.gz) from policies and data (like opa build)",
        help: """
        Usage: agentspec policy build [-d PATH]... [-b BUNDLE]... [--revision R] -o bundle.tar.gz [--force] [--json]
                                      [--signing-key KEY --signing-alg HS256 [--claims-file FILE]]

        Options:
          -d, --data PATH      .rego and data files or folders, loaded as policy eval -d loads them
          -b, --bundle PATH    a bundle (.tar.gz or folder) to include, as policy eval -b
          -r, --revision R     the bundle's revision (its .manifest; default empty)
          -o, --output FILE    where to write the bundle (refuses to overwrite without --force)
          --signing-key KEY    sign the bundle (.signatures.json, as opa build): an HMAC
                               secret, or a file holding it
          --signing-alg ALG    HS256, HS384 or HS512 (OPA's default RS256 needs a private
                               RSA key: sign such bundles with opa build)
          --claims-file FILE   JSON claims for the signature (scope, iss, iat, …)
          --json               print {"file","bytes","revision","roots","modules","dataFiles","signed"}
                               instead of a summary; on failure {"error": {"code","message"}}
                               (docs/json-output.md)

        The bundle holds every module at its path, each data file's value as data.json at
        its folder's path (YAML as JSON), and a .manifest with the revision and the roots
        (every package and data path, none inside another). Prints the file, the revision
        and the roots. Exit 0 written, 1 not written (why on stderr), 64 usage error.
        """,
        options: options, operands: .none, run: run)

    static func run(_ args: [String]) -> Int32 {
        let parsed: ArgumentList
        do { parsed = try ArgumentList(args, options) } catch { return usage(error.message) }
        guard parsed.positionals.isEmpty else { return usage("unexpected argument \"\(parsed.positionals[0])\" (paths go after -d or -b)") }
        guard let output = parsed.value("output") else { return usage("-o FILE is required") }
        let data = parsed.values("data"), bundles = parsed.values("bundle")
        guard !data.isEmpty || !bundles.isEmpty else { return usage("nothing to build: give -d PATH or -b BUNDLE") }
        let signing: BundleSigningConfig?
        switch BundleSigningOptions.signingConfig(parsed) {
        case .success(let s): signing = s
        case .failure(let e): return usage(e.text)
        }
        let asJSON = parsed.has("json")
        /// Every failure: why on stderr, and with --json the failure document on stdout.
        func fail(_ code: String, _ message: String) -> Int32 {
            Output.err("error: \(message)")
            if asJSON { JSONDocument.print(JSONDocument.failure(code: code, message: message, ["file": .string(output)]), pretty: false) }
            return ExitCode.failure
        }
        if FileManager.default.fileExists(atPath: output) && !parsed.has("force") {
            return fail("file-exists", "\(output) exists (use --force to replace it)")
        }
        let loaded: LoadedPolicy
        do { loaded = try PolicyFileLoader.load(dataFiles: data, bundles: bundles) } catch {
            return fail("load-failed", error.description)
        }
        // A bundle that does not compile is not worth shipping: check it as `policy eval` would.
        do { _ = try PolicyCompiler.compile(loaded.modules, data: loaded.data) } catch {
            PolicyLoading.report(error.errors, sources: loaded.modules, query: "")
            if asJSON {
                let first = error.errors.first.map(\.description) ?? "the policy does not compile"
                JSONDocument.print(JSONDocument.failure(code: "compile-failed", message: first,
                                                        ["file": .string(output), "errors": .array(error.errors.map(JSONDocument.regoError))]),
                                   pretty: false)
            }
            return ExitCode.failure
        }
        let built: (bytes: [UInt8], manifest: BundleManifest)
        do { built = try BundleBuilder.build(loaded, revision: parsed.value("revision") ?? "", signing: signing) } catch {
            return fail("build-failed", error.description)
        }
        do { try Data(built.bytes).write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
            return fail("write-failed", "\(output): \(error.localizedDescription)")
        }
        let dataFiles = Set(loaded.dataPlacements.map(\.path)).count
        if asJSON {
            JSONDocument.print(.object([
                "file": .string(output), "bytes": .int(built.bytes.count), "revision": .string(built.manifest.revision),
                "roots": .array(built.manifest.roots.map { .string($0) }), "modules": .int(loaded.sources.count), "dataFiles": .int(dataFiles),
                "signed": signing.map { .string($0.algorithm.rawValue) } ?? .null,
            ]), pretty: false)
        } else {
            Output.out("wrote \(output) (\(built.bytes.count) bytes): revision \"\(built.manifest.revision)\", "
                       + "roots \(built.manifest.roots.map { "\"\($0)\"" }.joined(separator: ", ")), "
                       + "\(loaded.sources.count) modules, \(dataFiles) data files"
                       + (signing.map { ", signed (\($0.algorithm.rawValue), key id \"\($0.keyID)\")" } ?? ""))
        }
        return ExitCode.success
    }

    private static func usage(_ message: String) -> Int32 { Output.usageError("policy build", message) }
}
