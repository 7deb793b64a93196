package io.spreadflow.connectors.feed;

import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import org.java_websocket.WebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every feed adapter must do, run against a local WebSocket server that plays the venue with
 * recorded real messages: subscribe, parse every message, answer and send heartbeats, reconnect and
 * resubscribe after a drop, and dead-letter what it cannot read.
 */
abstract class FeedAdapterContract {

    /** A frame the venue sends: text, or binary when {@code binary} is set. */
    record Frame(String text, byte[] binary) {
        static Frame text(String t) {
            return new Frame(t, null);
        }

        static Frame binary(byte[] b) {
            return new Frame(null, b);
        }

        void sendTo(WebSocket c) {
            if (binary != null) c.send(binary);
            else c.send(text);
        }
    }

    /** The quote a recorded frame must become. */
    record Expected(Venue venue, String instrument, String venueSymbol, double bid, double bidQty, double ask, double askQty,
                    Long exchangeTsUs, Long updateId) {}

    protected VenueServer server;
    protected RecordingPublisher published;
    protected FeedAdapter adapter;

    /** The adapter under test, pointed at {@code settings.endpoint()}. */
    abstract FeedAdapter create(FeedSettings settings, FeedPublisher publisher);

    abstract Venue venue();

    /** Real messages of the venue, each of which carries one quote. */
    abstract List<Frame> recordedFrames() throws IOException;

    /** The quotes of {@link #recordedFrames()}, in order, read from the messages independently. */
    abstract List<Expected> expectedQuotes() throws IOException;

    /** Checks the frames sent right after connecting. */
    abstract void assertSubscription(List<String> frames);

    int subscriptionFrames() {
        return 1;
    }

    /** True for the venue's application-level ping; null-heartbeat venues never send one. */
    boolean isHeartbeat(String frame) {
        return false;
    }

    /** The venue's answer to a heartbeat (a real pong message), or null. */
    String heartbeatReply(String heartbeat) {
        return null;
    }

    /** Frames of this venue that must be dead-lettered, beyond plain garbage. */
    abstract List<Frame> malformedFrames();

    static FeedSettings settings(java.net.URI endpoint) {
        return FeedSettings.defaults(Venue.BINANCE_SPOT).withEndpoint(endpoint)
                .withHeartbeatInterval(Duration.ofSeconds(30))
                .withReconnect(Duration.ofMillis(10), Duration.ofMillis(50));
    }

    static String resource(String name) throws IOException {
        try (InputStream in = FeedAdapterContract.class.getResourceAsStream("/venues/" + name)) {
            if (in == null) throw new IOException("test resource /venues/" + name + " missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The frames of a resource file: one per line, {@code #} lines are notes on the source. */
    static List<String> resourceFrames(String name) throws IOException {
        return resource(name).lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    @BeforeEach
    void startServer() throws InterruptedException {
        server = VenueServer.startLocal();
        published = new RecordingPublisher();
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        if (adapter != null) adapter.close();
        server.close();
    }

    protected WebSocket connect(FeedSettings s) throws InterruptedException {
        server.onClientFrame = (c, f) -> {
            String reply = isHeartbeat(f) ? heartbeatReply(f) : null;
            if (reply != null) c.send(reply);
        };
        adapter = create(s, published);
        adapter.start();
        return server.nextConnection();
    }

    protected List<String> subscription() throws InterruptedException {
        List<String> frames = new ArrayList<>();
        while (frames.size() < subscriptionFrames()) {
            String f = server.nextFrame("subscription");
            if (!isHeartbeat(f)) frames.add(f);
        }
        return frames;
    }

    @Test
    void subscribesAndPublishesEveryRecordedQuote() throws Exception {
        long before = FeedAdapter.nowUs();
        WebSocket conn = connect(settings(server.uri()));
        assertSubscription(subscription());
        List<Frame> frames = recordedFrames();
        for (Frame f : frames) f.sendTo(conn);

        List<Expected> expected = expectedQuotes();
        List<BookTicker> ticks = published.awaitTicks(expected.size());
        long after = FeedAdapter.nowUs();

        assertThat(ticks).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Expected e = expected.get(i);
            BookTicker t = ticks.get(i);
            assertThat(t.getVenue().toString()).as("venue #%d", i).isEqualTo(e.venue().id());
            assertThat(t.getMarket()).isEqualTo(e.venue().market());
            assertThat(t.getInstrument().toString()).as("instrument #%d", i).isEqualTo(e.instrument());
            assertThat(t.getVenueSymbol().toString()).isEqualTo(e.venueSymbol());
            assertThat(t.getBidPrice()).as("bid #%d", i).isEqualTo(e.bid());
            assertThat(t.getBidQty()).as("bid qty #%d", i).isCloseTo(e.bidQty(), org.assertj.core.data.Percentage.withPercentage(1e-9));
            assertThat(t.getAskPrice()).as("ask #%d", i).isEqualTo(e.ask());
            assertThat(t.getAskQty()).as("ask qty #%d", i).isCloseTo(e.askQty(), org.assertj.core.data.Percentage.withPercentage(1e-9));
            assertThat(t.getExchangeTsUs()).as("exchange time #%d", i).isEqualTo(e.exchangeTsUs());
            assertThat(t.getUpdateId()).as("update id #%d", i).isEqualTo(e.updateId());
            assertThat(t.getReceiveTsUs()).isBetween(before, after);
        }
        assertThat(published.deadLetters()).isEmpty();
        assertThat(adapter.metrics().ticks()).isEqualTo(expected.size());
    }

    @Test
    void answersProtocolPingsAndSendsTheVenueHeartbeat() throws Exception {
        WebSocket conn = connect(settings(server.uri()).withHeartbeatInterval(Duration.ofMillis(50)));
        subscription();
        conn.sendPing();
        assertThat(server.pongs.poll(VenueServer.TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
                .as("pong to a protocol ping").isNotNull();

        if (adapter.heartbeatFrame() != null) {
            int heartbeats = 0;
            while (heartbeats < 3) {
                if (isHeartbeat(server.nextFrame("heartbeat"))) heartbeats++;
            }
            assertThat(adapter.metrics().heartbeatsSent()).isGreaterThanOrEqualTo(3);
        }
        // the venue's pong answers are control frames, never dead letters; a quote still follows them
        recordedFrames().get(0).sendTo(conn);
        published.awaitTicks(1);
        assertThat(published.deadLetters()).isEmpty();
    }

    @Test
    void reconnectsAndResubscribesAfterTheServerDropsTheConnection() throws Exception {
        WebSocket first = connect(settings(server.uri()));
        List<String> firstSubscription = subscription();
        first.closeConnection(1006, "dropped by the venue");

        server.nextConnection();
        List<String> again = subscription();
        assertThat(normalized(again)).isEqualTo(normalized(firstSubscription));
        published.awaitStatus(s -> s.state() == FeedStatus.State.DISCONNECTED, "DISCONNECTED status");
        recordedFrames().get(0).sendTo(server.open.get(0));
        assertThat(published.awaitTicks(1)).hasSize(1);
        assertThat(adapter.metrics().connects()).isEqualTo(2);
    }

    private static List<String> normalized(List<String> frames) {
        return frames.stream().map(f -> f.replaceAll("\"time\":\\d+", "\"time\":0")).toList();
    }

    @Test
    void deadLettersMalformedFramesWithTheRawTextAndAReason() throws Exception {
        WebSocket conn = connect(settings(server.uri()));
        subscription();
        List<Frame> bad = new ArrayList<>(List.of(Frame.text("{"), Frame.text("not json"), Frame.text("[1,2,3]")));
        bad.addAll(malformedFrames());
        for (Frame f : bad) f.sendTo(conn);

        List<DeadLetter> letters = published.awaitDeadLetters(bad.size());
        assertThat(letters).hasSize(bad.size());
        for (int i = 0; i < bad.size(); i++) {
            Frame f = bad.get(i);
            DeadLetter d = letters.get(i);
            if (f.text() != null) assertThat(String.valueOf(d.getRawText())).isEqualTo(f.text());
            byte[] raw = new byte[d.getRaw().remaining()];
            d.getRaw().duplicate().get(raw);
            assertThat(raw).isEqualTo(f.text() != null ? f.text().getBytes(StandardCharsets.UTF_8) : f.binary());
            assertThat(d.getReason().toString()).as("reason for %s", f).isNotBlank();
            assertThat(d.getSource().toString()).contains(venue().id());
        }
        // the feed survives them
        recordedFrames().get(0).sendTo(conn);
        assertThat(published.awaitTicks(1)).hasSize(1);
    }
}
