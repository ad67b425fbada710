// SecretFieldNames: the field names the manifest's `observability.logging.redactFields`
// declares secret, matched ignoring case — the one answer to "is this field secret?" for
// the JSON log lines (replaced by [REDACTED]) and the decision-log events (erased from
// `input`). Query parameters have their own matcher (HTTP/QueryRedaction.swift): they
// are bytes in a target, matched after percent-decoding, with a default set added.

/// Names of fields that never leave the process with their values.
struct SecretFieldNames: Sendable, Equatable {
    /// Lowercased.
    private let names: Set<String>

    init(redactFields: [String]) {
        names = Set(redactFields.map { $0.lowercased() })
    }

    var isEmpty: Bool { names.isEmpty }

    func contains(_ field: String) -> Bool { !names.isEmpty && names.contains(field.lowercased()) }
}
