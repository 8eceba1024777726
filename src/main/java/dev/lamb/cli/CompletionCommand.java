package dev.lamb.cli;

import java.util.concurrent.Callable;

import dev.lamb.ExitCode;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print the shell completion script.",
            "bash: source <(lamb completion bash)    zsh: lamb completion zsh > \"${fpath[1]}/_lamb\""})
final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(script(spec, shell));
        spec.commandLine().getOut().flush();
        return ExitCode.OK.code();
    }

    /** The script for one shell, generated from the command model so it never lags behind the options. */
    static String script(CommandSpec spec, Shell shell) {
        String bash = AutoComplete.bash("lamb", spec.root().commandLine());
        if (shell == Shell.bash) {
            return bash;
        }
        // zsh loads a file from $fpath as the body of function _lamb; the bash script registers itself
        // through bashcompinit, and the last line completes the very Tab press that loaded it.
        return "#compdef lamb\n" + bash
                + "\nif [[ \"${funcstack[1]:-}\" == _lamb ]]; then _bash_complete -F _complete_lamb -o default; fi\n";
    }
}
