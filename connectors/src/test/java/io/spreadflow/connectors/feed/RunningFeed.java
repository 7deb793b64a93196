package io.spreadflow.connectors.feed;

import io.spreadflow.connectors.metrics.MetricsEndpoint;
import io.spreadflow.connectors.metrics.PrometheusText;
import io.spreadflow.connectors.metrics.ProcessMeters;
import org.java_websocket.WebSocket;

import java.util.List;

/**
 * A Binance spot feed against the local venue server, its meters served as the {@code feed} command serves them:
 * two quotes, a duplicate update id, an unreadable frame and a dropped connection, then one scrape.
 */
public final class RunningFeed {

    private RunningFeed() {
    }

    /** A Binance spot bookTicker message in the venue's combined-stream form, update id {@code u}. */
    static String bookTicker(long u, String bid) {
        return "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":" + u + ",\"s\":\"BTCUSDT\",\"b\":\"" + bid
                + "\",\"B\":\"3.78826000\",\"a\":\"61837.64000000\",\"A\":\"1.54698000\"}}";
    }

    /** The text of {@code GET /metrics} after the scenario above. */
    public static String scrape() throws Exception {
        try (VenueServer server = VenueServer.startLocal(); ProcessMeters meters = new ProcessMeters()) {
            RecordingPublisher published = new RecordingPublisher();
            FeedAdapter adapter = new BinanceFeed(Venue.BINANCE_SPOT, List.of("BTC-USDT"), FeedAdapterContract.settings(server.uri()), published);
            FeedMeters.bind(adapter, meters.registry());
            try (adapter; MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, meters::scrape)) {
                adapter.start();
                WebSocket conn = server.nextConnection();
                server.nextFrame("subscription");
                conn.send(bookTicker(100, "61837.63000000"));
                conn.send(bookTicker(101, "61837.62000000"));
                conn.send(bookTicker(101, "61837.62000000"));
                conn.send("not json");
                published.awaitTicks(2);
                conn.closeConnection(1006, "dropped by the venue");
                server.nextConnection();
                server.nextFrame("subscription");
                io.spreadflow.connectors.testing.Await.until(() -> adapter.metrics().deadLetters() >= 2 && adapter.metrics().connects() >= 2,
                        VenueServer.TIMEOUT, () -> "feed scenario complete: " + adapter.metrics().snapshot());
                return PrometheusText.scrape(endpoint.url(), null);
            }
        }
    }
}
