// BundlePath: a file's path inside a bundle, made relative to the bundle's root.
// OPA writes members as `/data.json` and `/authz/policy.rego` (a leading slash for the
// bundle root) and `tar -C dir .` writes `./data.json`; both are the same file. A path
// that climbs out of the root (`..`) is refused: a bundle names files inside itself,
// and nothing here may be made to read or place anything outside it.

enum BundlePath {
    /// The segments of `raw` relative to the bundle root (`/a/./b//data.json` →
    /// `["a", "b", "data.json"]`), or why it is refused.
    static func segments(_ raw: String) -> Result<[String], PolicyLoadError> {
        if raw.utf8.contains(0) { return .failure(PolicyLoadError(raw, "path contains a NUL byte")) }
        var out: [String] = []
        for part in raw.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": return .failure(PolicyLoadError(raw, "path climbs out of the bundle (\"..\"): refused"))
            default: out.append(String(part))
            }
        }
        return .success(out)
    }
}
