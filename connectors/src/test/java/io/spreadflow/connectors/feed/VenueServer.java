package io.spreadflow.connectors.feed;

import org.java_websocket.WebSocket;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/** A local stand-in for a venue's WebSocket endpoint on 127.0.0.1 and a free port. */
final class VenueServer extends WebSocketServer implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

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

    static VenueServer startLocal() throws InterruptedException {
        VenueServer s = new VenueServer();
        s.start();
        if (!s.started.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) throw new IllegalStateException("server did not start");
        return s;
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + getPort() + "/ws");
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
    String nextFrame(String what) throws InterruptedException {
        String f = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (f == null) throw new AssertionError("no client frame within " + TIMEOUT + ": expected " + what);
        return f;
    }

    WebSocket nextConnection() throws InterruptedException {
        WebSocket c = opened.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (c == null) throw new AssertionError("client did not connect within " + TIMEOUT);
        return c;
    }

    @Override
    public void close() throws InterruptedException {
        stop(1000);
    }
}
