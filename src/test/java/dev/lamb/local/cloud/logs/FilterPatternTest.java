package dev.lamb.local.cloud.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.lamb.local.cloud.AwsServiceException;

/**
 * Filter patterns as CloudWatch Logs' "Filter pattern syntax for metric filters, subscription filters, filter
 * log events, and Live Tail" defines them; the events and patterns are the reference's examples (its CloudTrail-like
 * JSON event and its Apache common-log line), each with the answer the reference gives.
 */
class FilterPatternTest {
    static final String JSON_EVENT = "{\"eventType\":\"UpdateTrail\",\"sourceIPAddress\":\"111.111.111.111\","
            + "\"arrayKey\":[\"value\",\"another value\"],\"objectList\":[{\"name\":\"a\",\"id\":1},{\"name\":\"b\",\"id\":2}],"
            + "\"SomeObject\":null,\"ThisFlag\":true,\"latency\":250,\"level\":\"error\"}";
    static final String APACHE = "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " ==> ", value = {
        "{ $.eventType = \"UpdateTrail\" } ==> true",
        "{ $.eventType = UpdateTrail } ==> true",
        "{ $.eventType = \"Update*\" } ==> true",
        "{ $.eventType = \"*Trail\" } ==> true",
        "{ $.eventType = \"updatetrail\" } ==> false",
        "{ $.sourceIPAddress != 123.123.* } ==> true",
        "{ $.sourceIPAddress = 111.111.* } ==> true",
        "{ $.arrayKey[0] = \"value\" } ==> true",
        "{ $.arrayKey[1] = \"value\" } ==> false",
        "{ $.objectList[1].id = 2 } ==> true",
        "{ $.objectList[1].name = * } ==> true",
        "{ $.objectList[5].name = * } ==> false",
        "{ $.SomeObject IS NULL } ==> true",
        "{ $.eventType IS NULL } ==> false",
        "{ $.SomeOtherObject NOT EXISTS } ==> true",
        "{ $.eventType NOT EXISTS } ==> false",
        "{ $.ThisFlag IS TRUE } ==> true",
        "{ $.ThisFlag IS FALSE } ==> false",
        "{ $.latency > 200 } ==> true",
        "{ $.latency >= 250 } ==> true",
        "{ $.latency < 250 } ==> false",
        "{ $.latency = 250 } ==> true",
        "{ $.latency != 250 } ==> false",
        "{ $.latency > 2e2 } ==> true",
        "{ $.level = \"error\" && $.latency > 100 } ==> true",
        "{ $.level = \"info\" && $.latency > 100 } ==> false",
        "{ $.level = \"info\" || $.latency > 100 } ==> true",
        "{ ($.level = \"info\" || $.latency > 100) && $.eventType = \"UpdateTrail\" } ==> true",
        "{ $.level = \"info\" || $.latency > 100 && $.eventType = \"x\" } ==> false",
        "{ $.level = %err.r% } ==> true",
        "{ $.eventType > 3 } ==> false",
    })
    void jsonPatterns(String pattern, boolean expected) {
        assertEquals(expected, FilterPattern.parse(pattern).matches(JSON_EVENT), pattern);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{ $.level = \"error\" }", "{ $.n > 3 }", "[a, b]"})
    void structuredPatternsNeverMatchOtherEvents(String pattern) {
        assertEquals(false, FilterPattern.parse(pattern).matches("ERROR level error n=4"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " ==> ", value = {
        "[ip, user, username, timestamp, request, status_code, bytes] ==> true",
        "[ip, user, username, timestamp, request, status_code] ==> false",
        "[ip, user, username, timestamp, request, status_code = 200, bytes] ==> true",
        "[ip, user, username, timestamp, request, status_code = 2*, bytes] ==> true",
        "[ip, user, username, timestamp, request, status_code = 4*, bytes] ==> false",
        "[ip, user, username, timestamp, request, status_code = 4* || status_code = 2*, bytes] ==> true",
        "[ip, user, username, timestamp, request, status_code != 404 && status_code != 500, bytes > 1000] ==> true",
        "[ip = 127.0.0.*, ...] ==> true",
        "[ip = 10.*, ...] ==> false",
        "[..., status_code = 200, bytes > 1000] ==> true",
        "[..., bytes < 1000] ==> false",
        "[ip, user, username = \"frank\", ...] ==> true",
        "[ip, user, username = \"bob\", ...] ==> false",
        "[ip, ..., request = \"GET /apache_pb.gif HTTP/1.0\", ...] ==> true",
        "[ip, ..., timestamp = \"10/Oct/2000:13:25:15 -0700\", ...] ==> true",
        "[...] ==> true",
    })
    void spaceDelimitedPatterns(String pattern, boolean expected) {
        assertEquals(expected, FilterPattern.parse(pattern).matches(APACHE), pattern);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " ==> ", value = {
        "ERROR ==> true",
        "error ==> false",
        "ERROR Main ==> true",
        "ERROR -Main ==> false",
        "?WARN ?Main ==> true",
        "\"ERROR in\" ==> true",
        "%ERR.R% ==> true",
        "%^WARN% ==> false",
    })
    void termPatternsKeepTheirBehaviour(String pattern, boolean expected) {
        assertEquals(expected, FilterPattern.parse(pattern).matches("ERROR in MainThread"), pattern);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{ $.level = }", "{ $.level = \"error\"", "{ level = 1 }", "{ $.n > abc }", "{ $.n ~ 3 }",
        "{ $.a IS MAYBE }", "{ ($.a = 1 }", "[a, b", "[a, b = ]", "[a, b > x]", "{ $.a = \"x }", "%unclosed",
        "{ $.a[x] = 1 }", "{ $.a = 1 } extra"})
    void invalidPatternsAreInvalidParameterException(String pattern) {
        AwsServiceException e = assertThrows(AwsServiceException.class, () -> FilterPattern.parse(pattern));
        assertEquals(400, e.status());
        assertEquals("InvalidParameterException", e.code(), e.getMessage());
    }
}
