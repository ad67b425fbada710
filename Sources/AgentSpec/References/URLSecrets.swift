// URLSecrets: a URL as it may be shown (in a configuration error, a log line, a
// control-plane view, a CLI error) without the secrets URLs carry: the userinfo (`user:password@`, or
// a token as the user), every query value (signed URLs and `?token=` keep theirs there)
// and the fragment become `***`; everything else is kept as written, so the reader still
// sees which URL is meant.

package enum URLSecrets {
    package static let mask = "***"

    /// `raw` with its userinfo, query values and fragment masked. Works on any text, URL
    /// or not: what has no `scheme://` has no userinfo to mask.
    package static func masked(_ raw: String) -> String {
        let (authorityStart, authorityEnd) = authorityRange(raw)
        var out = ""
        var rest = Substring(raw)
        if let authorityStart, let at = raw[authorityStart..<authorityEnd].lastIndex(of: "@") {
            out += raw[..<authorityStart] + mask
            rest = raw[at...]
        }
        let queryStart = rest.firstIndex { $0 == "?" || $0 == "#" } ?? rest.endIndex
        out += rest[..<queryStart]
        guard queryStart < rest.endIndex else { return out }
        let fragmentStart = rest[queryStart...].firstIndex(of: "#") ?? rest.endIndex
        if rest[queryStart] == "?" {
            let parameters = rest[rest.index(after: queryStart)..<fragmentStart].split(separator: "&", omittingEmptySubsequences: false)
            out += "?" + parameters.map { parameter in
                guard let equals = parameter.firstIndex(of: "=") else { return parameter.isEmpty ? "" : mask }
                return parameter[...equals] + mask
            }.joined(separator: "&")
        }
        if fragmentStart < rest.endIndex { out += "#" + mask }
        return out
    }

    /// `raw` without its userinfo (nil when it has none).
    package static func withoutUserinfo(_ raw: String) -> String? {
        let (authorityStart, authorityEnd) = authorityRange(raw)
        guard let authorityStart, let at = raw[authorityStart..<authorityEnd].lastIndex(of: "@") else { return nil }
        return String(raw[..<authorityStart] + raw[raw.index(after: at)...])
    }

    /// Where the authority of `scheme://authority/…` starts and ends (nil start: no `://`).
    private static func authorityRange(_ raw: String) -> (String.Index?, String.Index) {
        guard let separator = raw.range(of: "://") else { return (nil, raw.endIndex) }
        let start = separator.upperBound
        let end = raw[start...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? raw.endIndex
        return (start, end)
    }
}
