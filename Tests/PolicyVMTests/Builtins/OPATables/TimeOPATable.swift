// TimeOPATable: every query of the time tables (TimeFormatOPATable, TimeZonesOPATable,
// TimeParseOPATable), generated with them by scripts/gen_builtin_opa_tables.py from
// scripts/builtin_opa_cases/times.py; do not edit.

extension OPATables {
    static let time: [OPAQueryCase] = [
        timeFormat,
        timeZones,
        timeParse,
    ].flatMap { $0 }
}
