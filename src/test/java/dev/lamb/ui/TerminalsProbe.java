package dev.lamb.ui;

/** Prints what the system's Terminals says of this process's streams: TerminalsIT runs it under a pseudo-terminal. */
public final class TerminalsProbe {
    private TerminalsProbe() {}

    public static void main(String[] args) {
        Terminals system = Terminals.system();
        System.out.println("interactive=" + system.interactive() + " progress=" + system.progress());
    }
}
