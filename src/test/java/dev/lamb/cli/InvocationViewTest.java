package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.lamb.invoke.Invocation;
import dev.lamb.lambda.InvocationResult;
import dev.lamb.lambda.ProxyResponse;
import dev.lamb.local.apigateway.ProxyEvent;
import picocli.CommandLine.Help.Ansi;

/**
 * How an invocation is shown, on the streams it is given. Issue 13 §4: a binary body went to
 * System.out, where no test could see it; it goes to the command's stdout now, byte for byte.
 */
class InvocationViewTest {
    /** Every byte value: 0x80..0xFF alone are not UTF-8, so a writer would have turned them into U+FFFD. */
    private static final byte[] ALL_BYTES = new byte[256];

    static {
        for (int i = 0; i < ALL_BYTES.length; i++) {
            ALL_BYTES[i] = (byte) i;
        }
    }

    @Test
    void aBinaryBodyInAPipeIsWrittenAsItsBytes() {
        assertFalse(ProxyEvent.isUtf8(ALL_BYTES));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        List<String> stderr = new ArrayList<>();
        // API Gateway's proxy response: a binary body is base64 with isBase64Encoded.
        String answer = "{\"statusCode\":201,\"isBase64Encoded\":true,\"body\":\""
                + Base64.getEncoder().encodeToString(ALL_BYTES) + "\"}";
        InvocationResult result = new InvocationResult("id", answer.getBytes(StandardCharsets.UTF_8), null, List.of(), null, null);

        InvocationView.show(new Invocation(result, ProxyResponse.parse(result.payload())),
                new PrintWriter(stdout, true, StandardCharsets.UTF_8), stdout, stderr::add, Ansi.OFF, false);

        assertArrayEquals(ALL_BYTES, stdout.toByteArray());
        assertEquals(List.of("HTTP 201"), stderr);
    }

    @Test
    void aBinaryBodyIsNotPrintedOnATerminal() {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        List<String> stderr = new ArrayList<>();
        InvocationResult result = new InvocationResult("id", new byte[0], null, List.of(), null, null);

        InvocationView.show(new Invocation(result, Optional.of(new ProxyResponse(200, Map.of(), ALL_BYTES))),
                new PrintWriter(stdout, true, StandardCharsets.UTF_8), stdout, stderr::add, Ansi.OFF, true);

        assertEquals(0, stdout.size());
        assertEquals(List.of("HTTP 200", "a binary body of 256 bytes, not shown on a terminal: redirect stdout to a file"), stderr);
    }
}
