// ModulePackage: the package a module declares, for callers outside the compiler that
// place modules (a bundle's manifest roots must contain every module's package).

/// Reads the package path of a Rego module.
public enum ModulePackage {
    /// The package path below `data` (`package a.b` → `["a", "b"]`); the module is
    /// parsed whole, so a parse error anywhere in it is thrown.
    public static func path(of source: String, file: String) throws(PolicyError) -> [String] {
        do { return try Parser.parseModule(source, file: file).package } catch { throw error.errors[0] }
    }
}
