// EvalPrettyTable: the table `opa eval --format pretty` draws for results with bindings
// or several rows (OPA renders it with olekukonko/tablewriter v1): box-drawing borders,
// one space of padding, headers centred (as written, not upper-cased), cells aligned
// left. Widths count characters (tablewriter counts display cells: wide East Asian
// characters would be two there).

enum EvalPrettyTable {
    static func render(header: [String], rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func rule(_ left: String, _ middle: String, _ right: String) -> String {
            left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + right + "\n"
        }
        func line(_ cells: [String], centred: Bool) -> String {
            let padded = zip(cells, widths).map { cell, width -> String in
                let gap = width - cell.count
                let left = centred ? gap / 2 : 0
                return " " + String(repeating: " ", count: left) + cell + String(repeating: " ", count: gap - left) + " "
            }
            return "│" + padded.joined(separator: "│") + "│\n"
        }
        var out = rule("┌", "┬", "┐") + line(header, centred: true) + rule("├", "┼", "┤")
        for row in rows { out += line(row, centred: false) }
        return out + rule("└", "┴", "┘")
    }
}
