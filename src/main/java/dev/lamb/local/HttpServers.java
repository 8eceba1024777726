package dev.lamb.local;

import java.io.IOException;
import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpServer;

/**
 * Every HTTP server of lamb's local side is made here, so that all of them get TCP_NODELAY and a read
 * timeout.
 */
public final class HttpServers {
    /** The JDK server's setting for the read timeout, in seconds. */
    public static final String READ_TIMEOUT_PROPERTY = "sun.net.httpserver.maxReqTime";
    public static final long READ_TIMEOUT_SECONDS = 30;

    static {
        // The JDK's server writes a response's headers and body separately: with Nagle's algorithm on,
        // the body waits for the client's delayed ACK, 40 ms a request. The JDK reads this setting once,
        // when its first server starts, so it is set before any server is made.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // A client that stops sending in the middle of a request (its headers or its body) must not hold a
        // thread for ever: the server closes a connection whose request has not all arrived within this many
        // seconds. The time after the request, while a handler works or an answer streams, is not limited.
        if (System.getProperty(READ_TIMEOUT_PROPERTY) == null) {
            System.setProperty(READ_TIMEOUT_PROPERTY, Long.toString(READ_TIMEOUT_SECONDS));
        }
    }

    private HttpServers() {}

    public static HttpServer create(InetSocketAddress address, int backlog) throws IOException {
        return HttpServer.create(address, backlog);
    }
}
