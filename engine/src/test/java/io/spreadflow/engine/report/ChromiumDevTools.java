package io.spreadflow.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One headless Chromium page driven over the DevTools protocol (the JDK's WebSocket client): real
 * mouse input through {@code Input.dispatchMouseEvent}, reads through {@code Runtime.evaluate}, and
 * screenshots.
 */
final class ChromiumDevTools implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^\\s]+)");
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(30);
    /** The modifier bit of the shift key in Input.dispatchMouseEvent. */
    static final int SHIFT = 8;

    private final Process process;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private ChromiumDevTools(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** Starts the browser with a fresh profile under {@code workDir}, its viewport {@code width} × {@code height}. */
    static ChromiumDevTools start(Path binary, Path workDir, int width, int height) throws Exception {
        Path profile = Files.createTempDirectory(workDir, "chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(binary.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--remote-debugging-port=0",
                "--window-size=" + width + "," + height, "--user-data-dir=" + profile.toAbsolutePath(), "about:blank"));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Path log = workDir.resolve("chromium-stderr.txt");
        Thread drain = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
                 Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null; ) {
                    w.write(line);
                    w.write('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) endpoint.complete(m.group(1));
                }
            } catch (IOException e) {
                endpoint.completeExceptionally(e);
            }
            endpoint.completeExceptionally(new IllegalStateException("chromium exited before listening; see " + log));
        }, "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        try {
            URI browser = URI.create(endpoint.get(60, TimeUnit.SECONDS));
            HttpClient http = HttpClient.newHttpClient();
            URI list = URI.create("http://" + browser.getHost() + ":" + browser.getPort() + "/json/list");
            String pageWs = null;
            for (JsonNode t : JSON.readTree(http.send(HttpRequest.newBuilder(list).build(),
                    HttpResponse.BodyHandlers.ofString()).body())) {
                if (t.path("type").asText().equals("page")) pageWs = t.path("webSocketDebuggerUrl").asText();
            }
            if (pageWs == null) throw new IllegalStateException("no page target in " + list);
            ChromiumDevTools[] self = new ChromiumDevTools[1];
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageWs), new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        String message = text.toString();
                        text.setLength(0);
                        self[0].onMessage(message);
                    }
                    webSocket.request(1);
                    return null;
                }
            }).get(30, TimeUnit.SECONDS);
            self[0] = new ChromiumDevTools(p, ws);
            return self[0];
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    private void onMessage(String message) {
        try {
            JsonNode n = JSON.readTree(message);
            if (!n.has("id")) return; // an event; nothing here subscribes to any
            CompletableFuture<JsonNode> f = pending.remove(n.get("id").asInt());
            if (f == null) return;
            if (n.has("error")) f.completeExceptionally(new IllegalStateException("DevTools error: " + n.get("error")));
            else f.complete(n.path("result"));
        } catch (IOException e) {
            pending.values().forEach(f -> f.completeExceptionally(e));
        }
    }

    /** Calls one DevTools method and waits for its result. */
    JsonNode call(String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(JSON.writeValueAsString(msg), true).get(CALL_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        return f.get(CALL_DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    /** Opens {@code page} and waits until {@code ready} (a script expression) is true. */
    void open(Path page, String ready) throws Exception {
        // the old document is marked, so its state cannot pass for the new page's
        eval("window.__previousPage = true");
        call("Page.navigate", Map.of("url", page.toAbsolutePath().toUri().toString()));
        waitFor("(function () { try { return !window.__previousPage && document.readyState === 'complete' && !!(" + ready
                + "); } catch (e) { return false; } })()", v -> v.asBoolean(false), Duration.ofSeconds(30));
    }

    /** The value of a script expression, returned by value as JSON. */
    JsonNode eval(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.has("exceptionDetails")) throw new IllegalStateException("script failed: " + r.get("exceptionDetails"));
        return r.path("result").path("value");
    }

    /** Polls {@code expression} until its value satisfies {@code done}; returns that value. */
    JsonNode waitFor(String expression, Predicate<JsonNode> done, Duration deadline) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        JsonNode v = eval(expression);
        while (!done.test(v)) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + expression + ", last value " + v);
            Thread.sleep(50);
            v = eval(expression);
        }
        return v;
    }

    void mouse(String type, double x, double y, int modifiers, int clickCount) throws Exception {
        boolean button = !type.equals("mouseMoved") || clickCount > 0;
        call("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "modifiers", modifiers,
                "button", button ? "left" : "none", "buttons", type.equals("mouseReleased") || !button ? 0 : 1,
                "clickCount", clickCount));
    }

    void click(double x, double y) throws Exception {
        mouse("mouseMoved", x, y, 0, 0);
        mouse("mousePressed", x, y, 0, 1);
        mouse("mouseReleased", x, y, 0, 1);
    }

    void doubleClick(double x, double y) throws Exception {
        click(x, y);
        mouse("mousePressed", x, y, 0, 2);
        mouse("mouseReleased", x, y, 0, 2);
    }

    /** A left-button drag in a few steps, with {@code modifiers} held (0 for none). */
    void drag(double x0, double y0, double x1, double y1, int modifiers) throws Exception {
        mouse("mouseMoved", x0, y0, modifiers, 0);
        mouse("mousePressed", x0, y0, modifiers, 1);
        for (int i = 1; i <= 5; i++) mouse("mouseMoved", x0 + (x1 - x0) * i / 5, y0 + (y1 - y0) * i / 5, modifiers, 1);
        mouse("mouseReleased", x1, y1, modifiers, 1);
    }

    void wheel(double x, double y, double deltaY) throws Exception {
        mouse("mouseMoved", x, y, 0, 0);
        call("Input.dispatchMouseEvent", Map.of("type", "mouseWheel", "x", x, "y", y, "deltaX", 0, "deltaY", deltaY));
    }

    /** A PNG of what the viewport shows now (the pointer's crosshair included). */
    void screenshotViewport(Path png) throws Exception {
        JsonNode r = call("Page.captureScreenshot", Map.of("format", "png"));
        Files.write(png, Base64.getDecoder().decode(r.path("data").asText()));
    }

    /** A PNG of the whole page (beyond the viewport). */
    void screenshot(Path png) throws Exception {
        // from the top, so sticky elements sit where a reader sees them first
        JsonNode size = eval("window.scrollTo(0, 0); [document.documentElement.scrollWidth, document.documentElement.scrollHeight]");
        JsonNode r = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", size.get(0).asInt(), "height", size.get(1).asInt(), "scale", 1)));
        Files.write(png, Base64.getDecoder().decode(r.path("data").asText()));
    }

    @Override
    public void close() throws Exception {
        try {
            socket.abort();
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }
}
