// PolicyFileLoader+Archive: a bundle that is already in memory (the sidecar downloaded
// it from BUNDLE_URL) read exactly as `-b bundle.tar.gz` reads one from disk: the same
// bounded archive reader (sizes, entry count, `..`, links and devices refused), the same
// bundle rules (.manifest revision and roots, data.json/yaml at their folders) and the
// same root checks, the same signature check. Nothing is written to disk.

extension PolicyFileLoader {
    /// The modules and data of the `.tar.gz` bundle `archive`; `name` names it in errors
    /// (`name#member.rego:3:1: …`). Its manifest is the one entry of `bundles`. Its
    /// signature is checked as `signatures` says before any member is read as policy.
    package static func load(bundleArchive archive: [UInt8], name: String, limits: BundleLimits = .standard,
                             signatures: BundleSignaturePolicy = .ignored) throws(PolicyLoadError) -> LoadedPolicy {
        let members = try BundleArchive.members(archive, name: name, limits: limits)
        let memberName = { (member: String) in "\(name)#\(member)" }
        try BundleSignatureCheck.verify(members, source: name, memberName: memberName, policy: signatures)
        let contents = try BundleContents(source: name, members: members, memberName: memberName)
        var loaded = LoadedPolicy()
        loaded.sources = contents.modules
        loaded.data = contents.data
        if case .object(let o) = contents.data, !o.isEmpty { loaded.dataPlacements = [([], contents.data)] }
        loaded.bundles = [(name, contents.manifest)]
        return loaded
    }
}
