package dev.lamb;

import dev.lamb.cli.LambCli;

/** Entry point: builds the command line and exits with its code. */
public final class Lamb {
    private Lamb() {}

    public static void main(String[] args) {
        System.exit(LambCli.create().execute(args));
    }
}
