// ArgumentList: a small, strict command-line reader over a command's OptionTable.
// Options may be given as `--name value` or `--name=value`; anything unknown is a
// usage error naming it. The table is the one place a command's options are spelled:
// parsing and shell completion both read it.

struct UsageError: Error {
    let message: String
}

/// The options a command accepts, each spelling (aliases included) mapped to the name the
/// command reads it by.
struct OptionTable: Sendable {
    /// Options that take a value (`--out DIR`), e.g. ["-o": "--out", "--out": "--out"].
    var valued: [String: String] = [:]
    /// Options without a value.
    var flags: [String: String] = [:]
    /// The values a valued option takes, by canonical name (offered by completion).
    var choices: [String: [String]] = [:]

    /// Every spelling, `--help` included, sorted.
    var spellings: [String] { Set(valued.keys).union(flags.keys).union(["--help"]).sorted() }
}

/// What a command's positional arguments are, for shell completion.
enum Operands: Sendable {
    case none
    case files
    case words([String])
}

struct ArgumentList {
    private(set) var positionals: [String] = []
    private var options: [String: [String]] = [:]
    private var flags: Set<String> = []

    init(_ args: [String], _ table: OptionTable) throws(UsageError) {
        let valued = table.valued, knownFlags = table.flags
        var i = 0
        var onlyPositionals = false
        while i < args.count {
            let arg = args[i]
            i += 1
            if onlyPositionals || !arg.hasPrefix("-") || arg == "-" {
                positionals.append(arg)
                continue
            }
            if arg == "--" { onlyPositionals = true; continue }
            var name = arg
            var inlineValue: String?
            if let eq = arg.firstIndex(of: "="), arg.hasPrefix("--") {
                name = String(arg[..<eq])
                inlineValue = String(arg[arg.index(after: eq)...])
            }
            if let canonical = knownFlags[name] {
                if inlineValue != nil { throw UsageError(message: "option \(name) takes no value") }
                flags.insert(canonical)
            } else if let canonical = valued[name] {
                if let v = inlineValue {
                    options[canonical, default: []].append(v)
                } else {
                    guard i < args.count else { throw UsageError(message: "option \(name) needs a value") }
                    options[canonical, default: []].append(args[i])
                    i += 1
                }
            } else {
                throw UsageError(message: "unknown option \(name)")
            }
        }
    }

    func has(_ flag: String) -> Bool { flags.contains(flag) }
    func values(_ option: String) -> [String] { options[option] ?? [] }
    func value(_ option: String) -> String? { options[option]?.last }
}

extension ArgumentList {
    /// The value of `option`, one of `allowed` (`fallback` when not given).
    func choice(_ option: String, of allowed: [String], default fallback: String) throws(UsageError) -> String {
        let value = self.value(option) ?? fallback
        guard allowed.contains(value) else {
            throw UsageError(message: "--\(option) must be \(allowed.joined(separator: " or ")), got \"\(value)\"")
        }
        return value
    }

    /// The one positional argument a command takes (`QUERY`).
    func single(_ name: String) throws(UsageError) -> String {
        guard positionals.count == 1 else { throw UsageError(message: "expected one \(name) (see --help)") }
        return positionals[0]
    }
}
