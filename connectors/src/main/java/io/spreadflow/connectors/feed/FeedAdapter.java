package io.spreadflow.connectors.feed;

import io.spreadflow.schemas.DeadLetter;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A WebSocket client for one venue's best bid/ask channel, with the robustness every venue needs:
 * it subscribes on every (re)connect, sends the venue's heartbeat and answers protocol pings,
 * reconnects with exponential backoff and jitter, reports instruments without quotes for
 * {@code staleAfter} (status record and metric), drops a connection that stays silent, checks
 * update ids for regressions and gaps, and dead-letters frames it cannot read with the raw text
 * and the reason. Subclasses only say how to subscribe and how to ping.
 *
 * <p>Receive time is taken when the frame arrives, before parsing, in epoch µs.
 */
public abstract class FeedAdapter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeedAdapter.class);
    /** Largest WebSocket frame accepted; book-ticker frames are a few hundred bytes. */
    static final int MAX_FRAME_BYTES = 1 << 20;

    protected final Venue venue;
    protected final FeedSettings settings;
    private final Map<String, String> instrumentsBySymbol;
    private final FeedPublisher publisher;
    private final FrameParser parser;
    private final LongSupplier clockUs;
    private final FeedMetrics metrics = new FeedMetrics();
    private final ScheduledExecutorService scheduler;
    private final Map<String, Long> lastUpdateId = new ConcurrentHashMap<>();
    private final Set<String> resetPending = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> lastQuoteNanos = new ConcurrentHashMap<>();
    private final Set<String> stale = ConcurrentHashMap.newKeySet();
    private final AtomicLong frameSeq = new AtomicLong();
    private final String source;
    private final TickDelivery delivery;

    private volatile Connection connection;
    private volatile long lastFrameNanos = System.nanoTime();
    private volatile boolean closed;
    private volatile boolean started;
    private volatile int failedAttempts;

    /**
     * @param instruments canonical {@code BASE-QUOTE} instruments to subscribe
     * @param specs contract multipliers, for venues that size in contracts
     */
    protected FeedAdapter(Venue venue, List<String> instruments, FeedSettings settings, FeedPublisher publisher, ContractSpecs specs) {
        if (instruments.isEmpty()) throw new IllegalArgumentException(venue + ": no instruments to subscribe");
        if (!venue.hasLiveFeed()) throw new IllegalArgumentException(venue + " has no live feed");
        this.venue = venue;
        this.settings = settings;
        this.publisher = publisher;
        this.parser = FrameParser.forVenue(venue, specs);
        this.clockUs = FeedAdapter::nowUs;
        Map<String, String> m = new LinkedHashMap<>();
        for (String i : instruments) m.put(venue.venueSymbol(i), i.trim().toUpperCase(java.util.Locale.ROOT));
        this.instrumentsBySymbol = java.util.Collections.unmodifiableMap(m);
        if (venue.sizedInContracts()) {
            for (String symbol : m.keySet()) specs.require(venue, symbol); // fail at start, not on the first quote
        }
        this.source = "ws:" + venue.id() + " " + settings.endpoint();
        this.delivery = new TickDelivery(venue, metrics, clockUs, this::statusLater);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "feed-" + venue.id());
            t.setDaemon(true);
            return t;
        });
    }

    /** The text frames that subscribe to {@code venueSymbols}' book tickers, sent on every connect. */
    protected abstract List<String> subscribeFrames(List<String> venueSymbols);

    /** The venue's application-level ping, or null when the venue relies on protocol pings. */
    protected String heartbeatFrame() {
        return null;
    }

    public Venue venue() {
        return venue;
    }

    public FeedMetrics metrics() {
        return metrics;
    }

    /** Whether a connection to the venue is open now. */
    public boolean connected() {
        Connection c = connection;
        return c != null && c.isOpen();
    }

    /** How many subscribed instruments are stale now (no quote within {@code staleAfter}). */
    public int staleInstruments() {
        return stale.size();
    }

    /** The venue symbols subscribed, in the order given. */
    public List<String> venueSymbols() {
        return List.copyOf(new ArrayList<>(instrumentsBySymbol.keySet()));
    }

    /** Connects and keeps connected until {@link #close()}. */
    public synchronized void start() {
        if (started) throw new IllegalStateException(venue + " feed already started");
        started = true;
        long now = System.nanoTime();
        for (String s : instrumentsBySymbol.keySet()) lastQuoteNanos.put(s, now);
        long checkMs = Math.max(10, Math.min(settings.staleAfter().toMillis(), settings.silentAfter().toMillis()) / 4);
        scheduler.scheduleWithFixedDelay(this::checkHealth, checkMs, checkMs, TimeUnit.MILLISECONDS);
        if (heartbeatFrame() != null) {
            long hb = settings.heartbeatInterval().toMillis();
            scheduler.scheduleAtFixedRate(this::sendHeartbeat, hb, hb, TimeUnit.MILLISECONDS);
        }
        scheduler.execute(this::connect);
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        Connection c = connection;
        if (c != null) c.close();
    }

    private void connect() {
        if (closed) return;
        Connection c = new Connection();
        connection = c;
        lastFrameNanos = System.nanoTime();
        c.setConnectionLostTimeout((int) Math.max(1, settings.silentAfter().toSeconds()));
        c.connect();
    }

    private void scheduleReconnect(Connection from) {
        if (closed || from != connection) return;
        long base = settings.reconnectMin().toMillis();
        long ceiling = settings.reconnectMax().toMillis();
        long delay = Math.min(ceiling, base << Math.min(20, failedAttempts));
        failedAttempts++;
        // jitter spreads reconnects of many feeds after a venue-wide drop
        long jittered = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
        try {
            scheduler.schedule(this::connect, jittered, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void sendHeartbeat() {
        Connection c = connection;
        if (c != null && c.isOpen()) {
            // counted before sending: the venue's answer may arrive before send() returns
            metrics.heartbeatsSent.incrementAndGet();
            try {
                c.send(heartbeatFrame());
            } catch (RuntimeException e) {
                metrics.heartbeatsSent.decrementAndGet();
                LOG.debug("{}: heartbeat not sent: {}", venue, e.toString());
            }
        }
    }

    private void checkHealth() {
        long now = System.nanoTime();
        long staleNs = settings.staleAfter().toNanos();
        for (Map.Entry<String, Long> e : lastQuoteNanos.entrySet()) {
            if (now - e.getValue() > staleNs && stale.add(e.getKey())) {
                metrics.staleEvents.incrementAndGet();
                status(instrumentsBySymbol.get(e.getKey()), FeedStatus.State.STALE,
                        "no quote for " + settings.staleAfter().toMillis() + " ms");
            }
        }
        Connection c = connection;
        if (c != null && c.isOpen() && now - lastFrameNanos > settings.silentAfter().toNanos()) {
            LOG.warn("{}: no frame for {} ms, reconnecting", venue, settings.silentAfter().toMillis());
            c.close(1001, "silent for " + settings.silentAfter().toMillis() + " ms");
        }
    }

    private void status(String instrument, FeedStatus.State state, String detail) {
        try {
            publisher.status(new FeedStatus(venue.id(), instrument, state, detail, clockUs.getAsLong()));
        } catch (RuntimeException e) {
            LOG.warn("{}: status not published: {}", venue, e.toString());
        }
    }

    /** Off the caller's thread: a delivery may be told on the producer's own I/O thread, which must not send. */
    private void statusLater(FeedStatus.State state, String detail) {
        try {
            scheduler.execute(() -> status(null, state, detail));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void onOpened(Connection c) {
        // the backoff resets on the first accepted quote, not here: a venue that accepts and drops
        // at once must not be hammered
        metrics.connects.incrementAndGet();
        // update ids are checked across reconnects, but a venue restart may start them over
        resetPending.addAll(lastUpdateId.keySet());
        for (String frame : subscribeFrames(venueSymbols())) c.send(frame);
        status(null, FeedStatus.State.CONNECTED, settings.endpoint().toString());
    }

    private void onFrame(String text, byte[] binary) {
        long rx = clockUs.getAsLong();
        lastFrameNanos = System.nanoTime();
        long seq = frameSeq.incrementAndGet();
        metrics.frames.incrementAndGet();
        ParseResult r;
        try {
            r = text != null ? parser.parseText(text, rx) : parser.parseBinary(binary, rx);
        } catch (RuntimeException e) {
            r = ParseResult.rejected("parser failed: " + e);
        }
        for (Quote q : r.quotes()) {
            if (accept(q, text, binary, seq, rx)) {
                failedAttempts = 0;
                try {
                    publisher.tick(q.toBookTicker(), delivery);
                } catch (RuntimeException e) {
                    delivery.failed(e);
                }
            }
        }
        for (ParseResult.Problem p : r.problems()) deadLetter(text, binary, seq, rx, p.reason());
    }

    private boolean accept(Quote q, String text, byte[] binary, long seq, long rx) {
        String symbol = q.venueSymbol();
        Long last = q.updateId() == null ? null : lastUpdateId.get(symbol);
        if (last != null) {
            long id = q.updateId();
            boolean afterReconnect = resetPending.remove(symbol);
            if (id <= last && afterReconnect && id < last) {
                status(q.instrument(), FeedStatus.State.SEQUENCE_RESET, "update id " + id + " after " + last + " across a reconnect");
            } else if (id <= last) {
                metrics.regressions.incrementAndGet();
                deadLetter(text, binary, seq, rx, (id == last ? "duplicate update id " : "update id regressed: ") + id
                        + " after " + last + " for " + symbol);
                return false;
            } else if (settings.maxUpdateIdGap() > 0 && id - last > settings.maxUpdateIdGap()) {
                metrics.gaps.incrementAndGet();
                status(q.instrument(), FeedStatus.State.GAP, "update id jumped from " + last + " to " + id);
            }
        }
        if (q.updateId() != null) lastUpdateId.put(symbol, q.updateId());
        lastQuoteNanos.put(symbol, System.nanoTime());
        if (stale.remove(symbol)) status(q.instrument(), FeedStatus.State.LIVE, "quotes resumed");
        return true;
    }

    private void deadLetter(String text, byte[] binary, long seq, long rx, String reason) {
        byte[] raw = text != null ? text.getBytes(StandardCharsets.UTF_8) : binary;
        metrics.deadLetters.incrementAndGet();
        try {
            publisher.deadLetter(DeadLetter.newBuilder()
                    .setSource(source)
                    .setPartition(null)
                    .setOffset(seq)
                    .setRaw(ByteBuffer.wrap(raw))
                    .setRawText(text)
                    .setReason(reason)
                    .setEventTsUs(rx)
                    .build());
        } catch (RuntimeException e) {
            LOG.warn("{}: dead letter not published ({}): {}", venue, reason, e.toString());
        }
    }

    private void onClosed(Connection c, int code, String reason, boolean remote) {
        if (closed) return;
        metrics.disconnects.incrementAndGet();
        status(null, FeedStatus.State.DISCONNECTED, "code " + code + (reason == null || reason.isEmpty() ? "" : ": " + reason));
        scheduleReconnect(c);
    }

    static long nowUs() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000L;
    }

    /** One connection attempt; the adapter makes a new one for every reconnect. */
    private final class Connection extends WebSocketClient {
        private final AtomicBoolean ended = new AtomicBoolean();

        Connection() {
            // a frame beyond the cap closes the connection (1009) instead of filling the heap
            super(settings.endpoint(), new Draft_6455(List.of(), MAX_FRAME_BYTES));
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            onOpened(this);
        }

        @Override
        public void onMessage(String message) {
            onFrame(message, null);
        }

        @Override
        public void onMessage(ByteBuffer bytes) {
            byte[] b = new byte[bytes.remaining()];
            bytes.get(b);
            onFrame(null, b);
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            if (ended.compareAndSet(false, true)) onClosed(this, code, reason, remote);
        }

        @Override
        public void onError(Exception ex) {
            LOG.warn("{}: {}", venue, ex.toString());
        }
    }
}
