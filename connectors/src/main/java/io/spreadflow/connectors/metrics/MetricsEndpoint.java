package io.spreadflow.connectors.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} on a port of its own, for processes without a web server (the feed adapters). The JDK's
 * HTTP server is enough for one scraper every few seconds; one daemon thread answers.
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** The Prometheus text format the registry writes. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService worker;

    private MetricsEndpoint(HttpServer server, ExecutorService worker) {
        this.server = server;
        this.worker = worker;
    }

    /** Serves {@code scrape} on {@code host:port}; port 0 picks a free one (see {@link #port()}). */
    public static MetricsEndpoint start(String host, int port, Supplier<String> scrape) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("metrics port must be 0..65535, got " + port);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
            server.createContext("/metrics", ex -> answer(ex, scrape));
            ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "metrics-endpoint");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(worker);
            server.start();
            return new MetricsEndpoint(server, worker);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static void answer(HttpExchange ex, Supplier<String> scrape) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                ex.sendResponseHeaders(405, -1);
                return;
            }
            if (!"/metrics".equals(ex.getRequestURI().getPath())) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = scrape.get().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            boolean head = "HEAD".equals(ex.getRequestMethod());
            ex.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The address to print and to scrape, e.g. {@code http://127.0.0.1:9464/metrics}. */
    public String url() {
        String host = server.getAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1" : server.getAddress().getHostString();
        return "http://" + host + ":" + port() + "/metrics";
    }

    @Override
    public void close() {
        server.stop(0);
        worker.shutdownNow();
    }
}
