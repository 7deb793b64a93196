package io.spreadflow.execution.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.spreadflow.execution.IntentResult;
import io.spreadflow.execution.OrderDesk;
import io.spreadflow.execution.ServiceMetrics;
import io.spreadflow.execution.health.ServiceHealth;
import io.spreadflow.execution.ledger.IntentLedger;
import io.spreadflow.execution.ledger.PositionRow;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API of the execution service (Javalin):
 * <ul>
 *   <li>{@code POST /v1/intents}: one intent object or an array; answers with the result of each, in order
 *       (an object for an object, an array for an array). Each result is
 *       {@code {"intentId","status","reason","duplicate","conflict","reports":[…]}}.
 *       <ul>
 *         <li>A new id: 200, {@code duplicate=false}; it was decided on (and executed unless REJECTED).</li>
 *         <li>An id the ledger holds with the same content (a re-send): 200 with the stored result,
 *             {@code duplicate=true, conflict=false}; nothing is executed again.</li>
 *         <li>An id the ledger holds with other content (e.g. a job started without its state reusing ids of an
 *             earlier run): <b>409</b> with {@code {"error": "intent id conflict: …", "code": "INTENT_CONFLICT",
 *             "conflicts": [ids], "othersExecuted": false, "stored": [stored result of each, conflict=true]}}.
 *             Nothing in the request was executed. {@code othersExecuted=true} only when another request stored
 *             the id while this one was under way: its other intents were then executed, and a re-send gets
 *             their stored results.</li>
 *         <li>The service is shutting down: 503 with {@code Retry-After}; send again (the ledger answers for the
 *             intents a cut-short batch already executed).</li>
 *       </ul>
 *       Every arrival, re-sends and conflicts included, is recorded as a receipt in the ledger.</li>
 *   <li>{@code GET /v1/intents/{intentId}}: the stored result, 404 when unknown</li>
 *   <li>{@code GET /v1/positions}: what the fills add up to per instrument and venue</li>
 *   <li>{@code POST /v1/kill-switch}: {@code {"on": true|false}}; while on, only EXIT and HEDGE intents execute</li>
 *   <li>{@code GET /health} (no token): 200 when the ledger, the tick feed and Kafka are up, else 503; the body names
 *       each check ({@code {"status":"UP","checks":{"ledger":{"status":"UP"},"tickFeed":{"status":"UP",
 *       "threadAlive":true,"lastTickAgeMs":12},…}}})</li>
 *   <li>{@code GET /ready} (no token): 200 when healthy, taking intents (not shutting down) and the books hold the
 *       tick history; else 503 — route traffic by this one</li>
 *   <li>{@code GET /metrics} (Prometheus text)</li>
 * </ul>
 * Every call but {@code /health} and {@code /ready} needs {@code Authorization: Bearer <token>}, compared in constant time.
 * A request refused with 4xx changes no intent in the ledger (a 409 adds only receipts): the whole batch
 * is validated, and checked for conflicts, before the first intent is acted on. 5xx bodies carry a
 * generic message and a {@code correlationId} that the service's log names next to the cause.
 */
public final class IntentApi {

    private static final Logger LOG = LoggerFactory.getLogger(IntentApi.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String JSON = "application/json";
    private static final long STOP_TIMEOUT_MS = 5_000;
    private static final String STARTED_NS = "spreadflow.startedNs";
    /** The {@code code} of a 409 answer: an intent id the ledger holds with other content. */
    public static final String CONFLICT_CODE = "INTENT_CONFLICT";

    private final OrderDesk desk;
    private final IntentLedger ledger;
    private final ServiceMetrics metrics;
    private final ServiceHealth health;
    private final byte[] expectedAuth;
    private final int maxBodyBytes;
    private final int maxBatch;

    public IntentApi(OrderDesk desk, IntentLedger ledger, ServiceMetrics metrics, ServiceHealth health, String token, int maxBodyBytes,
                     int maxBatch) {
        if (token == null || token.isBlank()) throw new IllegalArgumentException("an API token is required");
        this.desk = desk;
        this.health = health;
        this.ledger = ledger;
        this.metrics = metrics;
        this.expectedAuth = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.maxBodyBytes = maxBodyBytes;
        this.maxBatch = maxBatch;
    }

    /** Builds the Javalin app and starts it on {@code host:port}, plain HTTP. */
    public Javalin start(String host, int port) {
        return start(host, port, null, null);
    }

    /**
     * Builds the Javalin app and starts it on {@code host:port}; with a {@code keystore} it speaks HTTPS
     * only (TLS 1.2+, the key and certificate from the keystore), else plain HTTP.
     */
    public Javalin start(String host, int port, Path keystore, String keystorePassword) {
        if (keystore != null && !Files.isReadable(keystore)) {
            throw new IllegalArgumentException("tls-keystore " + keystore + ": no such readable file");
        }
        Javalin app = Javalin.create(cfg -> {
            if (keystore != null) cfg.jetty.addConnector((server, httpConfig) -> tlsConnector(server, httpConfig, host, port, keystore,
                    keystorePassword));
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            // the API reads bodies itself with its own limit; this only keeps Javalin from buffering more
            cfg.http.maxRequestSize = maxBodyBytes + 1L;
            // a stop lets requests under way send their answers (Javalin's statistics handler makes the stop graceful)
            cfg.jetty.modifyServer(server -> server.setStopTimeout(STOP_TIMEOUT_MS));
        });
        // timing starts before authentication, so refused requests are counted too
        app.before(ctx -> ctx.attribute(STARTED_NS, System.nanoTime()));
        app.before(this::authenticate);
        app.post("/v1/intents", this::postIntents);
        app.get("/v1/intents/{intentId}", this::getIntent);
        app.get("/v1/positions", this::getPositions);
        app.post("/v1/kill-switch", this::postKillSwitch);
        app.get("/v1/kill-switch", ctx -> json(ctx, 200, NODES.objectNode().put("on", desk.killSwitch())));
        app.get("/health", ctx -> health(ctx, health.health()));
        app.get("/ready", ctx -> health(ctx, health.readiness()));
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.render()));
        app.exception(ApiError.class, (e, ctx) -> error(ctx, e.status, e.getMessage(), e.field));
        // 5xx bodies name no exception (it may carry hosts, paths or SQL): the log has it, under the body's correlation id
        app.exception(io.spreadflow.execution.ledger.LedgerException.class, (e, ctx) -> {
            String id = correlationId();
            LOG.error("ledger failure [{}] on {} {}", id, ctx.method(), ctx.path(), e);
            failure(ctx, 503, "ledger unavailable", id);
        });
        app.exception(OrderDesk.Stopping.class, (e, ctx) -> {
            ctx.header("Retry-After", "5");
            error(ctx, 503, "the execution service is shutting down: send again later", null);
        });
        app.exception(Exception.class, (e, ctx) -> {
            String id = correlationId();
            LOG.error("request failed [{}] on {} {}", id, ctx.method(), ctx.path(), e);
            failure(ctx, 500, "internal error", id);
        });
        app.after(this::measure);
        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            if (keystore == null) throw e;
            app.stop();
            // e.g. a wrong password: say which file, the cause names what is wrong with it
            throw new IllegalStateException("cannot serve HTTPS with keystore " + keystore + ": " + rootMessage(e), e);
        }
        return app;
    }

    private static ServerConnector tlsConnector(Server server, HttpConfiguration httpConfig, String host, int port, Path keystore,
                                                String password) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keystore.toAbsolutePath().toString());
        tls.setKeyStorePassword(password);
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        HttpConfiguration https = new HttpConfiguration(httpConfig);
        https.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private void measure(Context ctx) {
        int status = ctx.statusCode();
        metrics.response(status);
        Long started = ctx.attribute(STARTED_NS);
        if (started == null) return;
        String route = ctx.endpointHandlerPath();
        // no endpoint matched (refused before routing, or unknown path): one label, never the raw path
        if (route == null || route.isEmpty()) route = status == 404 ? "NOT_FOUND" : "UNROUTED";
        metrics.request(ctx.method().name(), route, status, System.nanoTime() - started);
    }

    private void authenticate(Context ctx) {
        if (ctx.path().equals("/health") || ctx.path().equals("/ready")) return;
        String header = ctx.header("Authorization");
        byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        // MessageDigest.isEqual does not stop at the first differing byte
        if (!MessageDigest.isEqual(given, expectedAuth)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, header == null ? "missing bearer token" : "invalid bearer token", null);
        }
    }

    private void postIntents(Context ctx) throws InterruptedException {
        byte[] body = readBody(ctx);
        List<OrderIntent> intents;
        try {
            intents = IntentCodec.parseBody(body, maxBatch);
        } catch (InvalidIntentException e) {
            throw new ApiError(400, e.getMessage(), e.field());
        }
        desk.received(intents);
        List<IntentResult> results;
        try {
            results = desk.submitAll(intents);
        } catch (OrderDesk.IntentConflict e) {
            conflict(ctx, e.stored(), false);
            return;
        }
        List<IntentResult> conflicting = results.stream().filter(IntentResult::conflict).toList();
        if (!conflicting.isEmpty()) {
            // another request stored one of these ids with other content while this one was under way
            conflict(ctx, conflicting, true);
            return;
        }
        boolean batch = body.length > 0 && firstNonSpace(body) == '[';
        if (batch) {
            ArrayNode a = NODES.arrayNode();
            results.forEach(r -> a.add(toJson(r)));
            json(ctx, 200, a);
        } else {
            json(ctx, 200, toJson(results.get(0)));
        }
    }

    /** The 409 answer: see the class comment. */
    private static void conflict(Context ctx, List<IntentResult> conflicting, boolean othersExecuted) {
        List<String> ids = conflicting.stream().map(IntentResult::intentId).toList();
        ObjectNode o = NODES.objectNode();
        o.put("error", "intent id conflict: the ledger holds " + String.join(", ", ids) + " with other content; "
                + (othersExecuted ? "the request's other intents were executed" : "nothing in this request was executed"));
        o.put("code", CONFLICT_CODE);
        ArrayNode a = o.putArray("conflicts");
        ids.forEach(a::add);
        o.put("othersExecuted", othersExecuted);
        ArrayNode stored = o.putArray("stored");
        conflicting.forEach(r -> stored.add(toJson(r)));
        json(ctx, 409, o);
    }

    private void getIntent(Context ctx) {
        String id = ctx.pathParam("intentId");
        IntentResult r = desk.lookup(id).orElseThrow(() -> new ApiError(404, "no intent with id '" + id + "'", "intentId"));
        json(ctx, 200, toJson(r));
    }

    private void getPositions(Context ctx) {
        ArrayNode a = NODES.arrayNode();
        for (PositionRow p : ledger.positions()) {
            a.addObject().put("instrument", p.instrument()).put("venue", p.venue())
                    .put("netQty", p.netQty().toPlainString()).put("boughtQty", p.boughtQty().toPlainString())
                    .put("soldQty", p.soldQty().toPlainString()).put("boughtQuote", p.boughtQuote().toPlainString())
                    .put("soldQuote", p.soldQuote().toPlainString()).put("fees", p.fees().toPlainString())
                    .put("feeCurrency", p.feeCurrency()).put("fills", p.fills());
        }
        json(ctx, 200, NODES.objectNode().set("positions", a));
    }

    private void postKillSwitch(Context ctx) {
        byte[] body = readBody(ctx);
        JsonNode n;
        try {
            n = IntentCodec.mapper().readTree(body);
        } catch (IOException e) {
            throw new ApiError(400, "body: not valid JSON", "body");
        }
        if (n == null || !n.isObject() || !n.has("on") || !n.get("on").isBoolean()) {
            throw new ApiError(400, "on: required, true or false", "on");
        }
        desk.setKillSwitch(n.get("on").booleanValue());
        json(ctx, 200, NODES.objectNode().put("on", desk.killSwitch()));
    }

    private static void health(Context ctx, ServiceHealth.Report report) {
        ObjectNode o = NODES.objectNode().put("status", report.up() ? "UP" : "DOWN");
        ObjectNode checks = o.putObject("checks");
        for (ServiceHealth.Check c : report.checks()) {
            ObjectNode n = checks.putObject(c.name()).put("status", c.status().name());
            c.details().forEach((k, v) -> n.set(k, IntentCodec.mapper().valueToTree(v)));
        }
        json(ctx, report.up() ? 200 : 503, o);
    }

    private byte[] readBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBodyBytes) throw new ApiError(413, "body of " + declared + " bytes exceeds " + maxBodyBytes, "body");
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] b = in.readNBytes(maxBodyBytes + 1);
            if (b.length > maxBodyBytes) throw new ApiError(413, "body exceeds " + maxBodyBytes + " bytes", "body");
            return b;
        } catch (IOException e) {
            throw new ApiError(400, "body: unreadable", "body");
        }
    }

    private static int firstNonSpace(byte[] b) {
        for (byte x : b) if (!Character.isWhitespace(x)) return x;
        return -1;
    }

    static ObjectNode toJson(IntentResult r) {
        ObjectNode o = NODES.objectNode();
        o.put("intentId", r.intentId());
        o.put("status", r.status());
        if (r.reason() == null) o.putNull("reason"); else o.put("reason", r.reason());
        o.put("duplicate", r.duplicate());
        o.put("conflict", r.conflict());
        ArrayNode reports = o.putArray("reports");
        for (ExecutionReport rep : r.reports()) reports.add(IntentCodec.toJson(rep));
        return o;
    }

    private static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType(JSON).result(body.toString());
    }

    /** A short random id that ties a 5xx answer to its log line. */
    private static String correlationId() {
        return java.util.UUID.randomUUID().toString().substring(0, 13);
    }

    private static void failure(Context ctx, int status, String message, String correlationId) {
        ctx.status(status).contentType(JSON).result(IntentCodec.error(message + " (correlation id " + correlationId + ")",
                Map.of("correlationId", correlationId)));
    }

    private static void error(Context ctx, int status, String message, String field) {
        ctx.status(status).contentType(JSON).result(IntentCodec.error(message, field == null ? Map.of() : Map.of("field", field)));
    }

    /** A 4xx/5xx answer with a message (and the field it concerns). */
    static final class ApiError extends RuntimeException {
        final int status;
        final String field;

        ApiError(int status, String message, String field) {
            super(message);
            this.status = status;
            this.field = field;
        }
    }
}
