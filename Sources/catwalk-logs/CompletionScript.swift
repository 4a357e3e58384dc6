import ArgumentParser

/// The shell completion scripts: argument-parser's, knowing every subcommand, its options and
/// which arguments are files. For bash, the words before any subcommand also complete the
/// default subcommand's (`logs`) options and their values, since `catwalk-logs <id> --follow`
/// needs no `logs`; after an option that takes a value only its values are offered.
enum CompletionScript {
    /// The line of argument-parser's bash script that offers subcommand names at the top.
    static let bashSubcommandOffer = "        COMPREPLY+=($(compgen -W 'logs list wait cache diagnose help' -- \"${cur}\"))\n"

    /// What stands in its place.
    static let bashDefaultSubcommandOffer = """
                local -a root_offers=("${COMPREPLY[@]}")
                COMPREPLY=()
                unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")
                _catwalk-logs_logs
                case " ${non_repeating_options[*]} " in
                *" ${prev} "*) ;;
                *) COMPREPLY+=("${root_offers[@]}" $(compgen -W 'logs list wait cache diagnose help' -- "${cur}")) ;;
                esac

        """

    static func script(for shell: CompletionShell) -> String {
        let script = CatwalkLogsCommand.completionScript(for: shell)
        guard shell == .bash else { return script }
        return script.replacing(bashSubcommandOffer, with: bashDefaultSubcommandOffer)
    }
}
