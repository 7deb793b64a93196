package io.spreadflow.connectors.feed;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** MEXC futures against the documented depth push (resource venues/mexc-futures.txt). */
class MexcFuturesFeedTest extends FeedAdapterContract {

    /** BTC_USDT contract size (0.0001 BTC per contract, as MEXC's contract detail states). */
    private static final ContractSpecs SPECS = ContractSpecs.of(Map.of(Venue.MEXC_FUTURES, Map.of("BTC_USDT", ContractSpec.linear("0.0001"))));

    @Override
    FeedAdapter create(FeedSettings settings, FeedPublisher publisher) {
        return new MexcFuturesFeed(List.of("BTC-USDT"), settings, publisher, SPECS);
    }

    @Override
    Venue venue() {
        return Venue.MEXC_FUTURES;
    }

    @Override
    List<Frame> recordedFrames() throws IOException {
        return List.of(Frame.text(resourceFrames("mexc-futures.txt").get(1)));
    }

    @Override
    List<Expected> expectedQuotes() {
        return List.of(new Expected(Venue.MEXC_FUTURES, "BTC-USDT", "BTC_USDT", 6859.4, 179 * 0.0001, 6859.5, 3251 * 0.0001, 1587442022003000L, 96801927L));
    }

    @Override
    void assertSubscription(List<String> frames) {
        assertThat(frames).containsExactly("{\"method\":\"sub.depth.full\",\"param\":{\"symbol\":\"BTC_USDT\",\"limit\":5}}");
    }

    @Override
    boolean isHeartbeat(String frame) {
        return frame.equals("{\"method\":\"ping\"}");
    }

    @Override
    String heartbeatReply(String heartbeat) {
        return "{\"channel\":\"pong\",\"data\":1587453241453}";
    }

    @Override
    List<Frame> malformedFrames() {
        // the documented push on the full-depth channel: its bid side is empty
        return List.of(Frame.text("{\"channel\":\"push.depth.full\",\"data\":{\"asks\":[[6859.5,3251,1]],\"bids\":[],\"version\":96801927},\"symbol\":\"BTC_USDT\",\"ts\":1587442022003}"));
    }

    @Test
    void ignoresIncrementalDepthPushes() throws Exception {
        var conn = connect(settings(server.uri()));
        subscription();
        conn.send(resourceFrames("mexc-futures.txt").get(0));
        recordedFrames().get(0).sendTo(conn);
        assertThat(published.awaitTicks(1)).hasSize(1);
        assertThat(published.deadLetters()).isEmpty();
        assertThat(adapter.metrics().frames()).isEqualTo(2);
    }
}
