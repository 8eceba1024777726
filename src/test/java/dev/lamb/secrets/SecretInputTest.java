package dev.lamb.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.ui.Terminals;

/**
 * Where `lamb secrets set` takes a value from (issue 17 §2: "from stdin or from a masked JLine prompt on a terminal, never
 * from an argument"): stdin less one trailing newline, Secrets Manager's 65,536-byte SecretString limit (API reference,
 * CreateSecret), and a prompt that does not show what is typed.
 */
class SecretInputTest {
    @Test
    void stdinLosesOneTrailingNewlineOnly() {
        assertEquals("s3cr3t", piped("s3cr3t"));
        assertEquals("s3cr3t", piped("s3cr3t\n"));
        assertEquals("s3cr3t", piped("s3cr3t\r\n"));
        assertEquals("s3cr3t\n", piped("s3cr3t\n\n"));
        assertEquals(" two\nlines ", piped(" two\nlines \n"));
    }

    @Test
    void anEmptyTooLongOrBinaryValueIsAUsageError() {
        for (byte[] bytes : new byte[][] {new byte[0], "\n".getBytes(StandardCharsets.UTF_8), new byte[SecretInput.MAX_BYTES + 1],
                new byte[] {(byte) 0xff, (byte) 0xfe}}) {
            LambException e = assertThrows(LambException.class,
                    () -> SecretInput.read(Terminals.piped(new ByteArrayInputStream(bytes)), "DB_PASSWORD"));
            assertEquals(ExitCode.USAGE, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().startsWith("the value of DB_PASSWORD "), e.getMessage());
        }
        byte[] limit = "a".repeat(SecretInput.MAX_BYTES).concat("\n").getBytes(StandardCharsets.UTF_8);
        assertEquals(SecretInput.MAX_BYTES, SecretInput.read(Terminals.piped(new ByteArrayInputStream(limit)), "BIG").length());
    }

    @Test
    void aTerminalIsAskedAndShownNoCharacterOfTheValue() {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Terminals terminal = Terminals.scripted(new ByteArrayInputStream("pa ss!word\r".getBytes(StandardCharsets.UTF_8)), screen);
        assertEquals("pa ss!word", SecretInput.read(terminal, "DB_PASSWORD"));
        String shown = screen.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("Value of DB_PASSWORD (not shown): "), shown);
        assertFalse(shown.contains("pa") || shown.contains("word"), shown);
    }

    private static String piped(String stdin) {
        return SecretInput.read(Terminals.piped(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))), "DB_PASSWORD");
    }
}
