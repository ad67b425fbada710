// ArgumentList: a small, strict command-line reader. Options may be given as
// `--name value` or `--name=value`; anything unknown is a usage error naming it.

struct UsageError: Error {
    let message: String
}

struct ArgumentList {
    private(set) var positionals: [String] = []
    private var options: [String: [String]] = [:]
    private var flags: Set<String> = []

    /// - Parameters:
    ///   - valued: options that take a value (with aliases mapped to one name, e.g. "-d": "--data").
    ///   - flags: options without a value.
    init(_ args: [String], valued: [String: String], flags knownFlags: [String: String]) throws(UsageError) {
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
