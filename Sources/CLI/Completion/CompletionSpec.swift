// CompletionSpec: the command table seen the way a shell completes it — the top-level
// words, the members of each group (`policy eval`, …), and per command its option
// spellings, the choices of its valued options and what its operands are. Built from
// CommandLineTool.commands, so a new command or option completes without being listed
// a second time.

/// What the shells complete, derived from the command table.
struct CompletionSpec {
    /// A word that selects a command or a group, with its one-line summary.
    struct Word {
        var word: String
        var summary: String
    }

    /// One command's completion facts, keyed like the shells see it ("policy test").
    struct Entry {
        var key: String
        /// Every spelling, sorted.
        var spellings: [String]
        /// Valued options that take one of a few words: spelling -> words.
        var choices: [(spelling: String, words: [String])]
        /// Valued options whose value is free (a path, a number, a URL).
        var freeValued: [String]
        var operands: Operands
    }

    var topLevel: [Word] = []
    /// Group name -> its members' last words.
    var groups: [(name: String, members: [Word])] = []
    var entries: [Entry] = []

    init(_ commands: [Command]) {
        var seenTop = Set<String>()
        for command in commands {
            let first = command.path[0]
            if seenTop.insert(first).inserted {
                let summary = command.path.count == 1 ? command.summary : "\(first) commands"
                topLevel.append(Word(word: first, summary: summary))
            }
            if command.path.count == 2 {
                let member = Word(word: command.path[1], summary: command.summary)
                if let i = groups.firstIndex(where: { $0.name == first }) {
                    groups[i].members.append(member)
                } else {
                    groups.append((first, [member]))
                }
            }
            let table = command.options
            let choices = table.valued.keys.sorted().compactMap { spelling -> (String, [String])? in
                guard let canonical = table.valued[spelling], let words = table.choices[canonical] else { return nil }
                return (spelling, words)
            }
            let free = table.valued.keys.sorted().filter { table.choices[table.valued[$0] ?? ""] == nil }
            entries.append(Entry(key: command.path.joined(separator: " "), spellings: table.spellings,
                                 choices: choices, freeValued: free, operands: command.operands))
        }
        topLevel.sort { $0.word < $1.word }
    }
}
