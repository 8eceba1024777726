package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** An Authorization header reads as the one regex of SigV4's header says, however it is read (in two parts, head kept). */
class RequestSignatureTest {
    /** The header's whole shape, as the cloud matched it in one piece before. */
    private static final Pattern WHOLE = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request\\s*,\\s*SignedHeaders=([^,\\s]+)\\s*,"
                    + "\\s*Signature=([^,\\s]+)\\s*");
    private static final String BOTO3 = "AWS4-HMAC-SHA256 Credential=test/20261207/us-east-1/lambda/aws4_request, "
            + "SignedHeaders=content-type;host;x-amz-date, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final String[] PIECES = {" ", "\t", ",", "/", "=", ";", "Signature=", "SignedHeaders=", "Credential=",
        "aws4_request", "20261207", "x", "us-east-1", "AWS4-HMAC-SHA256", "\n", "\u000B", "\u00A0", ", Signature=abc"};

    private static RequestSignature.Parsed expected(String header) {
        if (!header.startsWith("AWS4-HMAC-SHA256")) {
            return new RequestSignature.Parsed(RequestSignature.Outcome.UNSIGNED, null);
        }
        Matcher m = WHOLE.matcher(header);
        if (!m.matches()) {
            return new RequestSignature.Parsed(RequestSignature.Outcome.MALFORMED, null);
        }
        return new RequestSignature.Parsed(RequestSignature.Outcome.SIGNED, new RequestSignature(
                new CredentialScope(m.group(1), m.group(2), m.group(3), m.group(4)), List.of(m.group(5).split(";")), m.group(6),
                null, false));
    }

    private static void same(String header) {
        assertEquals(expected(header), RequestSignature.parse(header, Map.of()), () -> "for " + header.replace("\n", "\\n"));
    }

    @Test
    void sdkHeadersAndTheirVariants() {
        same(BOTO3);
        same(BOTO3);
        same(BOTO3.replace("Signature=0123", "Signature=4567"));
        same(BOTO3.replace(", ", ","));
        same(BOTO3.replace(", ", " ,\t"));
        same(BOTO3 + "  \r\n");
        same(BOTO3 + ",");
        same(BOTO3.replace("Signature=0", "Signature= 0"));
        same(BOTO3.replace(" Signature=", " signature="));
        same(BOTO3.substring(0, BOTO3.indexOf("Signature=") + "Signature=".length()));
        same(BOTO3.replace("us-east-1/lambda", "us,east 1/lam bda"));
        same(BOTO3.replace("test/", "te,st/"));
        same(BOTO3.replace("20261207", "2026120"));
        same("AWS4-HMAC-SHA256");
        same("AWS4-HMAC-SHA256 Signature=abc");
    }

    @Test
    void anyHeaderMadeOfItsPieces() {
        Random random = new Random(18);
        for (int i = 0; i < 20_000; i++) {
            String start = random.nextInt(4) == 0 ? "AWS4-HMAC-SHA256" : BOTO3.substring(0, random.nextInt(BOTO3.length()));
            StringBuilder header = new StringBuilder(start);
            for (int n = random.nextInt(6); n > 0; n--) {
                header.append(PIECES[random.nextInt(PIECES.length)]);
            }
            same(header.toString());
        }
    }
}
