package dev.lamb.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The one escaping rule every command shows untrusted text through. */
class TerminalSafeTest {
    @Test
    void controlsLineBreaksAndBidiOverridesAreEscapedTabsAndTextStay() {
        assertEquals("\\u001b]0;T\\u0007\\u001b[2J", TerminalSafe.escape("\u001b]0;T\u0007\u001b[2J"));
        assertEquals("a\\u000ab\\u000dc\\u2028d\\u2029e", TerminalSafe.escape("a\nb\rc\u2028d\u2029e"));
        assertEquals("\\u202eevil\\u009b\\u007f", TerminalSafe.escape("\u202eevil\u009b\u007f"));
        String plain = "REPORT\tDuration: 1.00 ms, héllo 世界";
        assertSame(plain, TerminalSafe.escape(plain), "safe text is returned as it is");
    }
}
