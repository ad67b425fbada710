// CompletionScript: the completion scripts for bash, zsh and fish, written from a
// CompletionSpec. Each completes command words, group members, option spellings, the
// choices of valued options (`--pack`, `--mode`, `--format`, …) and file operands.
// Invariant: text from the command table (summaries) is quoted for the shell that
// reads it, so no summary can break or inject into a script.

enum CompletionShell: String, CaseIterable {
    case bash, zsh, fish
}

enum CompletionScript {
    static func render(_ shell: CompletionShell, _ spec: CompletionSpec) -> String {
        switch shell {
        case .bash: return bash(spec)
        case .zsh: return zsh(spec)
        case .fish: return fish(spec)
        }
    }

    /// Inside single quotes for bash and zsh: ' becomes '\''.
    static func singleQuoted(_ text: String) -> String {
        "'" + text.replacing("'", with: #"'\''"#) + "'"
    }

    static func bash(_ spec: CompletionSpec) -> String {
        var out = """
        # bash completion for agentspec, written by `agentspec completion bash`.
        # Load it with: source <(agentspec completion bash)
        _agentspec() {
            local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} command
            COMPREPLY=()
            if (( COMP_CWORD == 1 )); then
                COMPREPLY=($(compgen -W \(singleQuoted(spec.topLevel.map(\.word).joined(separator: " "))) -- "$cur"))
                return
            fi
            command=${COMP_WORDS[1]}
            case $command in

        """
        for group in spec.groups {
            let words = singleQuoted(group.members.map(\.word).sorted().joined(separator: " "))
            out += """
                    \(group.name))
                        if (( COMP_CWORD == 2 )); then COMPREPLY=($(compgen -W \(words) -- "$cur")); return; fi
                        command="\(group.name) ${COMP_WORDS[2]}" ;;

            """
        }
        out += "    esac\n"
        // A free value (a path, a number) is left to readline's file completion (-o default).
        out += caseBlocks(spec, CaseDialect(offer: { "COMPREPLY=($(compgen -W \(singleQuoted($0.joined(separator: " "))) -- \"$cur\"))" },
                                            freeValue: "", optionTest: "[[ $cur == -* ]]", files: nil))
        out += "}\ncomplete -o default -F _agentspec agentspec\n"
        return out
    }

    /// How bash or zsh offers words, for the case blocks both scripts share.
    struct CaseDialect {
        /// The command that offers these words.
        var offer: ([String]) -> String
        /// What precedes `return` when an option's value is free (a path, a number).
        var freeValue: String
        /// The test that the word being completed is an option.
        var optionTest: String
        /// What file operands complete with; nil leaves them to the shell's default.
        var files: String?
    }

    /// The three case blocks: an option's value (by "$command $prev"), option spellings
    /// (when the word starts with -), then the command's operands.
    static func caseBlocks(_ spec: CompletionSpec, _ d: CaseDialect) -> String {
        var out = "    case \"$command $prev\" in\n"
        for entry in spec.entries {
            for choice in entry.choices {
                out += "        \(singleQuoted("\(entry.key) \(choice.spelling)"))) \(d.offer(choice.words)); return ;;\n"
            }
            for spelling in entry.freeValued {
                out += "        \(singleQuoted("\(entry.key) \(spelling)"))) \(d.freeValue)return ;;\n"
            }
        }
        out += "    esac\n    if \(d.optionTest); then\n        case $command in\n"
        for entry in spec.entries {
            out += "            \(singleQuoted(entry.key))) \(d.offer(entry.spellings)) ;;\n"
        }
        out += "        esac\n        return\n    fi\n    case $command in\n"
        for entry in spec.entries {
            switch entry.operands {
            case .words(let words): out += "        \(singleQuoted(entry.key))) \(d.offer(words)) ;;\n"
            case .files: if let files = d.files { out += "        \(singleQuoted(entry.key))) \(files) ;;\n" }
            case .none: break
            }
        }
        return out + "    esac\n"
    }

    static func zsh(_ spec: CompletionSpec) -> String {
        func described(_ words: [CompletionSpec.Word]) -> String {
            words.map { singleQuoted($0.word.replacing(":", with: "\\:") + ":" + $0.summary) }.joined(separator: " ")
        }
        var out = """
        #compdef agentspec
        # zsh completion for agentspec, written by `agentspec completion zsh`.
        # Load it with: source <(agentspec completion zsh), or save it as _agentspec in $fpath.
        _agentspec() {
            local command prev=${words[CURRENT-1]}
            if (( CURRENT == 2 )); then
                local -a commands=(\(described(spec.topLevel)))
                _describe -t commands 'agentspec command' commands
                return
            fi
            command=${words[2]}

        """
        for group in spec.groups {
            out += """
                if [[ $command == \(group.name) ]]; then
                    if (( CURRENT == 3 )); then
                        local -a members=(\(described(group.members)))
                        _describe -t commands '\(group.name) command' members
                        return
                    fi
                    command="\(group.name) ${words[3]}"
                fi

            """
        }
        out += caseBlocks(spec, CaseDialect(offer: { "compadd -- " + $0.map(singleQuoted).joined(separator: " ") },
                                            freeValue: "_files; ", optionTest: "[[ $PREFIX == -* ]]", files: "_files"))
        out += """
        }
        if [[ ${funcstack[1]} == _agentspec ]]; then _agentspec "$@"; else compdef _agentspec agentspec; fi

        """
        return out
    }

    static func fish(_ spec: CompletionSpec) -> String {
        func quoted(_ text: String) -> String {
            "'" + text.replacing("\\", with: "\\\\").replacing("'", with: "\\'") + "'"
        }
        var out = """
        # fish completion for agentspec, written by `agentspec completion fish`.
        # Load it with: agentspec completion fish | source, or save it in ~/.config/fish/completions/agentspec.fish
        complete -c agentspec -f

        """
        for word in spec.topLevel {
            out += "complete -c agentspec -n __fish_use_subcommand -a \(quoted(word.word)) -d \(quoted(word.summary))\n"
        }
        for group in spec.groups {
            let all = group.members.map(\.word).joined(separator: " ")
            for member in group.members {
                out += "complete -c agentspec -n \(quoted("__fish_seen_subcommand_from \(group.name); and not __fish_seen_subcommand_from \(all)")) -a \(quoted(member.word)) -d \(quoted(member.summary))\n"
            }
        }
        for entry in spec.entries {
            let words = entry.key.split(separator: " ")
            let condition = quoted(words.map { "__fish_seen_subcommand_from \($0)" }.joined(separator: "; and "))
            let choices = Dictionary(entry.choices.map { ($0.spelling, $0.words) }, uniquingKeysWith: { a, _ in a })
            for spelling in entry.spellings {
                let name = spelling.hasPrefix("--") ? "-l \(spelling.dropFirst(2))" : "-s \(spelling.dropFirst())"
                if let words = choices[spelling] {
                    out += "complete -c agentspec -n \(condition) \(name) -x -a \(quoted(words.joined(separator: " ")))\n"
                } else if entry.freeValued.contains(spelling) {
                    out += "complete -c agentspec -n \(condition) \(name) -r -F\n"
                } else {
                    out += "complete -c agentspec -n \(condition) \(name)\n"
                }
            }
            switch entry.operands {
            case .words(let words): out += "complete -c agentspec -n \(condition) -a \(quoted(words.joined(separator: " ")))\n"
            case .files: out += "complete -c agentspec -n \(condition) -F\n"
            case .none: break
            }
        }
        return out
    }
}
