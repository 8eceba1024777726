package dev.lamb.local;

import java.io.IOException;
import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpServer;

/** Every HTTP server of lamb's local side is made here, so that all of them get TCP_NODELAY. */
public final class HttpServers {
    static {
        // The JDK's server writes a response's headers and body separately: with Nagle's algorithm on,
        // the body waits for the client's delayed ACK, 40 ms a request. The JDK reads this setting once,
        // when its first server starts, so it is set before any server is made.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private HttpServers() {}

    public static HttpServer create(InetSocketAddress address, int backlog) throws IOException {
        return HttpServer.create(address, backlog);
    }
}
