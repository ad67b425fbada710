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
                 "-r": "revision", "--revision": "revision"],
        flags: ["--force": "force"])

    static let command = Command(
        path: ["policy", "build"],
        summary: "Write an OPA bundle (.tar.gz) from policies and data (like opa build)",
        help: """
        Usage: agentspec policy build [-d PATH]... [-b BUNDLE]... [--revision R] -o bundle.tar.gz [--force]

        Options:
          -d, --data PATH      .rego and data files or folders, loaded as policy eval -d loads them
          -b, --bundle PATH    a bundle (.tar.gz or folder) to include, as policy eval -b
          -r, --revision R     the bundle's revision (its .manifest; default empty)
          -o, --output FILE    where to write the bundle (refuses to overwrite without --force)

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
        if FileManager.default.fileExists(atPath: output) && !parsed.has("force") {
            Output.err("error: \(output) exists (use --force to replace it)")
            return ExitCode.failure
        }
        guard let loaded = PolicyLoading.load(dataFiles: data, bundles: bundles) else { return ExitCode.failure }
        // A bundle that does not compile is not worth shipping: check it as `policy eval` would.
        do { _ = try PolicyCompiler.compile(loaded.modules, data: loaded.data) } catch {
            PolicyLoading.report(error.errors, sources: loaded.modules, query: "")
            return ExitCode.failure
        }
        let built: (bytes: [UInt8], manifest: BundleManifest)
        do { built = try BundleBuilder.build(loaded, revision: parsed.value("revision") ?? "") } catch {
            Output.err("error: \(error)")
            return ExitCode.failure
        }
        do { try Data(built.bytes).write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
            Output.err("error: \(output): \(error.localizedDescription)")
            return ExitCode.failure
        }
        Output.out("wrote \(output) (\(built.bytes.count) bytes): revision \"\(built.manifest.revision)\", "
                   + "roots \(built.manifest.roots.map { "\"\($0)\"" }.joined(separator: ", ")), "
                   + "\(loaded.sources.count) modules, \(Set(loaded.dataPlacements.map(\.path)).count) data files")
        return ExitCode.success
    }

    private static func usage(_ message: String) -> Int32 { Output.usageError("policy build", message) }
}
