// BundleSignaturePolicy: whether a bundle's `.signatures.json` is checked, OPA's two
// behaviours: `opa eval`/`opa test` do not look at signatures at all; `opa run -b` and
// the bundle plugin verify — a configured key requires a signed bundle, and a signed
// bundle requires a configured key (OPA: "verification key not provided"), so a bundle
// signed for some other verifier is never taken as unsigned.

/// How a bundle reader treats bundle signatures.
public enum BundleSignaturePolicy: Sendable {
    /// Signatures are not checked (a `.signatures.json` is ignored).
    case ignored
    /// Signatures are checked against the configuration, or refused without one.
    case verified(BundleVerificationConfig?)
}
