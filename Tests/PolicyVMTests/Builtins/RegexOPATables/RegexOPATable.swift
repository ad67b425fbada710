// RegexOPATable: every call of the regex and glob tables of this folder, generated with
// them by scripts/gen_regex_opa_table.py; do not edit.

extension RegexOPATableTests {
    static let table: [OPACall] = [
        matchRepetition,
        matchClasses,
        matchAnchors,
        matchCaseFolding,
        matchUnicode,
        matchSyntax,
        operations,
        invalid,
    ].flatMap { $0 }
}
