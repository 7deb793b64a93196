package io.spreadflow.connectors.feed;

import org.java_websocket.WebSocket;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.zip.GZIPInputStream;

/**
 * A local stand-in for a venue's WebSocket endpoint on 127.0.0.1 and a free port. Every client path
 * is accepted; {@link WebSocket#getResourceDescriptor()} tells clients of different paths apart, so
 * one server can play several venues.
 */
public final class VenueServer extends WebSocketServer implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final BlockingQueue<WebSocket> opened = new LinkedBlockingQueue<>();
    final BlockingQueue<WebSocket> pongs = new LinkedBlockingQueue<>();
    final List<WebSocket> open = new CopyOnWriteArrayList<>();
    private final CountDownLatch started = new CountDownLatch(1);
    /** Called for every text frame the client sends: lets a test answer pings or subscriptions. */
    volatile BiConsumer<WebSocket, String> onClientFrame = (c, f) -> {};

    VenueServer() {
        super(new InetSocketAddress("127.0.0.1", 0));
        setReuseAddr(true);
    }

    public static VenueServer startLocal() throws InterruptedException {
        VenueServer s = new VenueServer();
        s.start();
        if (!s.started.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) throw new IllegalStateException("server did not start");
        return s;
    }

    public URI uri() {
        return uri("/ws");
    }

    /** The endpoint at {@code path} (starting with '/'). */
    public URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + getPort() + path);
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        open.add(conn);
        opened.add(conn);
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        open.remove(conn);
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        received.add(message);
        onClientFrame.accept(conn, message);
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
        received.add("<binary " + message.remaining() + " bytes>");
    }

    @Override
    public void onWebsocketPong(WebSocket conn, Framedata f) {
        pongs.add(conn);
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        // a dropped client shows up here; the tests assert on what the adapter does about it
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    /** The next client frame, or a failure naming what was awaited. */
    public String nextFrame(String what) throws InterruptedException {
        String f = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (f == null) throw new AssertionError("no client frame within " + TIMEOUT + ": expected " + what);
        return f;
    }

    public WebSocket nextConnection() throws InterruptedException {
        WebSocket c = opened.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (c == null) throw new AssertionError("client did not connect within " + TIMEOUT);
        return c;
    }

    /**
     * Plays hftbacktest recordings ({@code <local ts> <json>} per line, {@code .gz} ok), one per
     * client, as fast as the connections take them: the lines of all recordings merged by their
     * recorded time (the earlier recording first on ties), each frame sent to its recording's client
     * from this one thread, so the clients receive the venues' frames interleaved as they were
     * recorded. Every line is sent, whatever its stream.
     *
     * @return the frames sent to each client, in the map's order
     */
    public long[] playRecordings(LinkedHashMap<WebSocket, Path> recordings) throws IOException {
        List<WebSocket> clients = new ArrayList<>(recordings.keySet());
        List<BufferedReader> readers = new ArrayList<>();
        long[] sent = new long[clients.size()];
        try {
            for (Path p : recordings.values()) {
                InputStream in = Files.newInputStream(p);
                if (p.getFileName().toString().endsWith(".gz")) in = new GZIPInputStream(in, 1 << 16);
                readers.add(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16));
            }
            String[] head = new String[clients.size()];
            long[] headTs = new long[clients.size()];
            for (int i = 0; i < head.length; i++) headTs[i] = advance(readers.get(i), head, i);
            while (true) {
                int next = -1;
                for (int i = 0; i < head.length; i++) {
                    if (head[i] != null && (next < 0 || headTs[i] < headTs[next])) next = i;
                }
                if (next < 0) return sent;
                String line = head[next];
                clients.get(next).send(line.substring(line.indexOf(' ') + 1));
                sent[next]++;
                headTs[next] = advance(readers.get(next), head, next);
            }
        } finally {
            for (BufferedReader r : readers) r.close();
        }
    }

    /** Reads the next non-blank line into {@code head[i]} (null at the end) and returns its recorded time. */
    private static long advance(BufferedReader r, String[] head, int i) throws IOException {
        String line;
        do {
            line = r.readLine();
        } while (line != null && line.isBlank());
        head[i] = line;
        return line == null ? Long.MAX_VALUE : Long.parseLong(line.substring(0, line.indexOf(' ')));
    }

    @Override
    public void close() throws InterruptedException {
        stop(1000);
    }
}
