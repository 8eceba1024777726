package dev.lamb.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import dev.lamb.LambException;
import dev.lamb.ui.Prompter;
import dev.lamb.ui.Terminals;

/**
 * Where a secret's value comes from: a masked prompt on a terminal, else all of stdin, never an argument (it would
 * stay in the shell's history and in every process listing). From stdin one trailing newline is dropped, \n or \r\n,
 * the one {@code echo} and a here-string add; any other whitespace is part of the value.
 */
public final class SecretInput {
    /** Secrets Manager's limit on a SecretString: 65,536 bytes. */
    static final int MAX_BYTES = 65_536;

    private SecretInput() {}

    public static String read(Terminals terminals, String name) {
        String value;
        if (terminals.interactive()) {
            try (Prompter prompter = new Prompter(terminals.open())) {
                value = prompter.secret("Value of " + name + " (not shown)");
            } catch (IOException e) {
                throw LambException.io("could not read the value from the terminal", e);
            }
        } else if (terminals.stdinIsTerminal()) {
            // Typed into a terminal whose output goes elsewhere, the value would be echoed as it is typed.
            throw LambException.usage("stdin is a terminal but stdout is not, so lamb cannot ask for the value unseen: "
                    + pipeHint(name));
        } else {
            value = withoutLastNewline(readAll(terminals.stdin(), name));
        }
        if (value.isEmpty()) {
            throw LambException.usage("the value of " + name + " is empty: " + pipeHint(name));
        }
        return value;
    }

    /** How to give a value: the line every refusal of one ends with. */
    public static String pipeHint(String name) {
        return "pipe the value in, as in printf '%s' \"$VALUE\" | lamb secrets set " + name + ", or run it on a terminal to be asked";
    }

    static String withoutLastNewline(String value) {
        if (value.endsWith("\r\n")) {
            return value.substring(0, value.length() - 2);
        }
        return value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
    }

    private static String readAll(InputStream in, String name) {
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_BYTES + 2);
        } catch (IOException e) {
            throw LambException.io("could not read the value of " + name + " from stdin", e);
        }
        int newline = bytes.length > 0 && bytes[bytes.length - 1] == '\n' ? (bytes.length > 1 && bytes[bytes.length - 2] == '\r' ? 2 : 1) : 0;
        if (bytes.length - newline > MAX_BYTES) {
            throw LambException.usage("the value of " + name + " on stdin is longer than Secrets Manager's " + MAX_BYTES + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw LambException.usage("the value of " + name + " on stdin is not UTF-8 text, which a SecretString must be");
        }
    }
}
