package dev.lamb.aws;

import java.io.IOException;
import java.net.Socket;

import javax.net.ssl.SSLSocket;

import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * TLS made on the first https connection only. The SDK's HTTP client builds its TLS context when it is built, reading
 * the JDK's whole trust store (some 150 certificates parsed): about a seventh of a no-op deploy's CPU against a local
 * cloud, whose plain-http endpoint never asks for TLS. An https connection still gets the JDK's default trust, as
 * before.
 */
final class LazyTls implements TlsSocketStrategy {
    private volatile TlsSocketStrategy tls;

    @Override
    public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context) throws IOException {
        TlsSocketStrategy made = tls;
        if (made == null) {
            synchronized (this) {
                made = tls != null ? tls : (tls = DefaultClientTlsStrategy.createDefault());
            }
        }
        return made.upgrade(socket, target, port, attachment, context);
    }
}
