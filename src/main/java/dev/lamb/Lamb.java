package dev.lamb;

import dev.lamb.cli.LambCli;

/** Entry point: runs the command line for the arguments and exits with its code. */
public final class Lamb {
    private Lamb() {}

    public static void main(String[] args) {
        System.exit(LambCli.execute(args));
    }
}
