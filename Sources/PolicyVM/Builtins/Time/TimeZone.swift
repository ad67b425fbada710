// TimeZone: a time zone as Go's time.Location holds one — zone types (abbreviation,
// offset, DST), transitions, and the POSIX rule (the TZif footer) for times after the
// last transition — with Go's lookup rules. Zones are read from the system's zoneinfo
// (ZONEINFO, then /usr/share/zoneinfo and Go's other system folders) and cached for the
// process. OPA embeds Go's copy of the database; we have none of our own, so where
// zoneinfo is absent (a static binary in a scratch image) only "", "UTC" and "Local"
// (then UTC) resolve, and any other name is "unknown time zone <name>".
// Invariant: lookup(sec) gives the same abbreviation and offset as Go's Location.lookup
// for the same data.
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

final class TimeZone: Sendable {
    struct Zone: Sendable {
        let name: String
        let offset: Int
        let isDST: Bool
    }

    struct Transition: Sendable {
        let when: Int64
        let index: Int
    }

    /// The name the zone was asked by (`Europe/Paris`, `UTC`, `Local`).
    let name: String
    let zones: [Zone]
    let transitions: [Transition]
    /// The POSIX TZ rule for times after the last transition ("" when none).
    let extend: String

    init(name: String, zones: [Zone], transitions: [Transition], extend: String) {
        self.name = name
        self.zones = zones
        // Go gives a zone without transitions one at the beginning of time.
        self.transitions = transitions.isEmpty && !zones.isEmpty ? [Transition(when: Int64.min, index: 0)] : transitions
        self.extend = extend
    }

    static let utc = TimeZone(name: "UTC", zones: [], transitions: [], extend: "")

    /// The zone's abbreviation and offset in effect at `sec` (Unix seconds), and the
    /// span [start, end) in which they hold.
    func lookup(_ sec: Int64) -> (name: String, offset: Int, start: Int64, end: Int64) {
        guard !zones.isEmpty else { return ("UTC", 0, Int64.min, Int64.max) }
        if transitions.isEmpty || sec < transitions[0].when {
            let zone = zones[firstZone()]
            return (zone.name, zone.offset, Int64.min, transitions.first?.when ?? Int64.max)
        }
        var lo = 0, hi = transitions.count
        var end = Int64.max
        while hi - lo > 1 {
            let m = (lo + hi) / 2
            if sec < transitions[m].when {
                end = transitions[m].when
                hi = m
            } else {
                lo = m
            }
        }
        let zone = zones[transitions[lo].index]
        let start = transitions[lo].when
        if lo == transitions.count - 1, !extend.isEmpty,
           let rule = PosixTimeZoneRule.evaluate(extend, lastTransition: start, at: sec) {
            return (rule.name, rule.offset, rule.start, rule.end)
        }
        return (zone.name, zone.offset, start, end)
    }

    /// Go's lookupFirstZone: the zone before the first transition.
    private func firstZone() -> Int {
        if !transitions.contains(where: { $0.index == 0 }) { return 0 }
        if let first = transitions.first, zones[first.index].isDST {
            var i = first.index - 1
            while i >= 0 {
                if !zones[i].isDST { return i }
                i -= 1
            }
        }
        return zones.firstIndex { !$0.isDST } ?? 0
    }

    /// Go's lookupName: the offset of a zone called `abbreviation`, preferring one in
    /// effect around `unix`.
    func offset(ofAbbreviation abbreviation: String, near unix: Int64) -> Int? {
        for zone in zones where zone.name == abbreviation {
            let found = lookup(unix - Int64(zone.offset))
            if found.name == zone.name { return found.offset }
        }
        return zones.first { $0.name == abbreviation }?.offset
    }
}

/// The zones read so far, by name: loading reads a file, so each is read once.
enum TimeZoneDatabase {
    private static let cache = Mutex<[String: TimeZone]>([:])

    /// Where Go looks for zoneinfo files, after $ZONEINFO.
    static let systemDirectories = ["/usr/share/zoneinfo/", "/usr/share/lib/zoneinfo/", "/usr/lib/locale/TZ/", "/etc/zoneinfo/"]

    /// Go's time.LoadLocation(name) with OPA's handling of "" and "UTC"; nil with Go's
    /// message when the name is not a zone here.
    static func zone(named name: String) -> Result<TimeZone, TimeZoneError> {
        if name == "" || name == "UTC" { return .success(.utc) }
        if name == "Local" { return .success(local) }
        if let known = cache.withLock({ $0[name] }) { return .success(known) }
        // Go refuses names that could leave the zoneinfo folder.
        if name.hasPrefix("/") || name.hasPrefix("\\") || name.contains("..") || name.contains("\\") {
            return .failure(TimeZoneError("time: invalid location name"))
        }
        // Go tries each folder in turn; the first failure other than a missing file (a
        // folder of zones such as "America", a file that is not TZif) is the error,
        // and "unknown time zone" only when the name is missing everywhere.
        var firstError: String?
        for path in candidatePaths(name) {
            switch ZoneInfoFile.read(path) {
            case .missing:
                continue
            case .unreadable(let reason):
                firstError = firstError ?? reason
            case .found(let bytes):
                guard let zone = TZifReader.parse(bytes, name: name) else {
                    firstError = firstError ?? "malformed time zone information"
                    continue
                }
                cache.withLock { $0[name] = zone }
                return .success(zone)
            }
        }
        return .failure(TimeZoneError(firstError ?? "unknown time zone " + name))
    }

    private static func candidatePaths(_ name: String) -> [String] {
        var paths: [String] = []
        if let dir = getenv("ZONEINFO").map({ String(cString: $0) }), !dir.isEmpty { paths.append(dir + "/" + name) }
        return paths + systemDirectories.map { $0 + name }
    }

    /// Go's time.Local: $TZ if set ("" or a bad name is UTC), else /etc/localtime.
    static let local: TimeZone = {
        if let tz = getenv("TZ").map({ String(cString: $0) }) {
            var name = tz
            if name.hasPrefix(":") { name.removeFirst() }
            if name.isEmpty || name == "UTC" { return TimeZone(name: "Local", zones: [], transitions: [], extend: "") }
            if let bytes = name.hasPrefix("/") ? readFile(name) : read(name),
               let zone = TZifReader.parse(bytes, name: "Local") { return zone }
            return TimeZone(name: "Local", zones: [], transitions: [], extend: "")
        }
        if let bytes = readFile("/etc/localtime"), let zone = TZifReader.parse(bytes, name: "Local") { return zone }
        return TimeZone(name: "Local", zones: [], transitions: [], extend: "")
    }()

    private static func read(_ name: String) -> [UInt8]? {
        candidatePaths(name).lazy.compactMap(readFile).first
    }

    /// A zoneinfo file's bytes, or nil.
    private static func readFile(_ path: String) -> [UInt8]? {
        if case .found(let bytes) = ZoneInfoFile.read(path) { return bytes }
        return nil
    }
}

struct TimeZoneError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
