package io.spreadflow.execution.venue.sim;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A venue's REST API on a local port, for tests: a JDK {@link HttpServer} that checks each request's
 * signature the way the venue documents it, keeps the account in a {@link SimExchange}, and answers
 * with bodies built from the documentation's own examples (resources under {@code venue-docs/}, each
 * naming its source in its first line). Faults can be injected: 429s (with {@code Retry-After}) and
 * an order that is accepted but answered only after the client gave up.
 */
public final class VenueSimulator implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper().configure(JsonParser.Feature.ALLOW_COMMENTS, true);

    /** How one venue speaks: paths, signature rule, answers and errors. */
    public interface Dialect {
        void handle(Request r, VenueSimulator sim) throws IOException;
    }

    /** One received request. */
    public record Request(HttpExchange exchange, String method, String path, String rawQuery, Map<String, String> params, String body) {
        public String header(String name) {
            return exchange.getRequestHeaders().getFirst(name);
        }

        public void reply(int status, Object json) throws IOException {
            reply(status, json, Map.of());
        }

        public void reply(int status, Object json, Map<String, String> headers) throws IOException {
            byte[] b = (json instanceof String s ? s : JSON.writeValueAsString(json)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(status, b.length);
            exchange.getResponseBody().write(b);
            exchange.close();
        }
    }

    private volatile SimExchange exchange;
    private final Dialect dialect;
    private final String apiKey;
    private final String secret;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private volatile int rateLimitStatus = 429;
    private volatile int retryAfterSeconds = 1;
    private final AtomicLong answerPlaceAfterMs = new AtomicLong();

    public VenueSimulator(SimExchange exchange, Dialect dialect, String apiKey, String secret) {
        this.exchange = exchange;
        this.dialect = dialect;
        this.apiKey = apiKey;
        this.secret = secret;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::serve);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public SimExchange exchange() {
        return exchange;
    }

    /** Starts over with a fresh account and no faults (the server keeps running). */
    public void reset(SimExchange fresh) {
        exchange = fresh;
        rateLimited.set(0);
        answerPlaceAfterMs.set(0);
    }

    String apiKey() {
        return apiKey;
    }

    String secret() {
        return secret;
    }

    /** The next {@code n} requests get {@code status} (429 or 418) with {@code Retry-After: seconds}. */
    public void rateLimitNext(int n, int status, int seconds) {
        rateLimitStatus = status;
        retryAfterSeconds = seconds;
        rateLimited.set(n);
    }

    /**
     * The next order is accepted and matched, but its answer is sent only after {@code ms}; the latch
     * opens once that order is accepted (and its answer held back).
     */
    public java.util.concurrent.CountDownLatch answerNextOrderAfter(long ms) {
        java.util.concurrent.CountDownLatch accepted = new java.util.concurrent.CountDownLatch(1);
        heldAccepted = accepted;
        answerPlaceAfterMs.set(ms);
        return accepted;
    }

    private volatile java.util.concurrent.CountDownLatch heldAccepted = new java.util.concurrent.CountDownLatch(1);

    /** Called by a dialect after it accepted an order: waits out an injected delay. */
    void delayOrderAnswer() {
        long ms = answerPlaceAfterMs.getAndSet(0);
        if (ms <= 0) return;
        heldAccepted.countDown();
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(HttpExchange ex) throws IOException {
        try {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String raw = ex.getRequestURI().getRawQuery();
            Request r = new Request(ex, ex.getRequestMethod(), ex.getRequestURI().getRawPath(), raw == null ? "" : raw, params(raw), body);
            exchange.logRequest(r.method() + " " + r.path());
            if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                // Binance/MEXC: "A Retry-After header is sent with a 418 or 429 responses"; Gate.io answers TOO_MANY_REQUESTS
                r.reply(rateLimitStatus, Map.of("code", -1003, "msg", "Too many requests.", "label", "TOO_MANY_REQUESTS"),
                        Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
                return;
            }
            dialect.handle(r, this);
        } catch (RuntimeException e) {
            byte[] b = ("{\"msg\":\"simulator error: " + e + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(500, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        }
    }

    static Map<String, String> params(String raw) {
        Map<String, String> p = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return p;
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            p.put(k, eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return p;
    }

    /** A documentation example from {@code venue-docs/<path>}, comments allowed (the first line names its source). */
    public static JsonNode docExample(String path) {
        try (InputStream in = VenueSimulator.class.getResourceAsStream("/venue-docs/" + path)) {
            if (in == null) throw new IllegalArgumentException("no documentation example venue-docs/" + path);
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
