package io.spreadflow.connectors.feed;

import org.java_websocket.WebSocket;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binance spot against bookTicker messages recorded by hftbacktest (data/binance/raw/spot). Also
 * covers what the base class does for every venue: stale instruments, update-id regressions and
 * gaps, silent connections.
 */
class BinanceSpotFeedTest extends FeedAdapterContract {

    private static final String RECORDING = "binance/raw/spot/btcusdt_20240808.gz";

    @Override
    FeedAdapter create(FeedSettings settings, FeedPublisher publisher) {
        return new BinanceFeed(Venue.BINANCE_SPOT, List.of("BTC-USDT", "ETH-USDT"), settings, publisher);
    }

    @Override
    Venue venue() {
        return Venue.BINANCE_SPOT;
    }

    @Override
    List<Frame> recordedFrames() throws IOException {
        return RecordedMessages.binanceBookTickers(RECORDING, 40).stream().map(Frame::text).toList();
    }

    @Override
    List<Expected> expectedQuotes() throws IOException {
        return RecordedMessages.binanceBookTickers(RECORDING, 40).stream()
                .map(m -> RecordedMessages.binanceQuote(Venue.BINANCE_SPOT, "BTC-USDT", m, null)).toList();
    }

    @Override
    void assertSubscription(List<String> frames) {
        assertThat(frames).containsExactly("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@bookTicker\",\"ethusdt@bookTicker\"],\"id\":1}");
    }

    @Override
    List<Frame> malformedFrames() {
        return List.of(
                // a recorded message with its bid price emptied, and one with a negative ask size
                Frame.text("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":50093239212,\"s\":\"BTCUSDT\",\"b\":\"\",\"B\":\"3.78826000\",\"a\":\"61837.64000000\",\"A\":\"1.54698000\"}}"),
                Frame.text("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":50093239212,\"s\":\"BTCUSDT\",\"b\":\"61837.63000000\",\"B\":\"3.78826000\",\"a\":\"61837.64000000\",\"A\":\"-1.5\"}}"),
                Frame.text("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":50093239212,\"s\":\"BTCUSDT\"}}"));
    }

    @Test
    void reportsStaleInstrumentsAndTheirRecovery() throws Exception {
        WebSocket conn = connect(settings(server.uri()).withStaleAfter(Duration.ofMillis(200)));
        subscription();
        published.awaitStatus(s -> s.state() == FeedStatus.State.STALE && "BTC-USDT".equals(s.instrument()), "BTC-USDT stale");
        published.awaitStatus(s -> s.state() == FeedStatus.State.STALE && "ETH-USDT".equals(s.instrument()), "ETH-USDT stale");
        assertThat(adapter.metrics().staleEvents()).isGreaterThanOrEqualTo(2);

        recordedFrames().get(0).sendTo(conn);
        FeedStatus live = published.awaitStatus(s -> s.state() == FeedStatus.State.LIVE, "BTC-USDT live again");
        assertThat(live.instrument()).isEqualTo("BTC-USDT");
        assertThat(live.venue()).isEqualTo("binance-spot");
    }

    @Test
    void deadLettersRegressedAndDuplicateUpdateIds() throws Exception {
        WebSocket conn = connect(settings(server.uri()));
        subscription();
        List<Frame> frames = recordedFrames();
        frames.get(1).sendTo(conn);
        frames.get(0).sendTo(conn); // older update id
        frames.get(1).sendTo(conn); // same update id again
        frames.get(2).sendTo(conn);

        List<io.spreadflow.schemas.BookTicker> ticks = published.awaitTicks(2);
        List<io.spreadflow.schemas.DeadLetter> letters = published.awaitDeadLetters(2);
        assertThat(ticks).extracting(t -> t.getUpdateId()).containsExactly(
                Long.parseLong(RecordedMessages.num(frames.get(1).text(), "u")), Long.parseLong(RecordedMessages.num(frames.get(2).text(), "u")));
        assertThat(letters.get(0).getReason().toString()).startsWith("update id regressed");
        assertThat(letters.get(1).getReason().toString()).startsWith("duplicate update id");
        assertThat(adapter.metrics().regressions()).isEqualTo(2);
    }

    @Test
    void reportsUpdateIdGapsAboveTheThreshold() throws Exception {
        WebSocket conn = connect(settings(server.uri()).withMaxUpdateIdGap(1));
        subscription();
        List<Frame> frames = recordedFrames();
        frames.get(0).sendTo(conn);
        frames.get(1).sendTo(conn);
        long first = Long.parseLong(RecordedMessages.num(frames.get(0).text(), "u"));
        long second = Long.parseLong(RecordedMessages.num(frames.get(1).text(), "u"));

        FeedStatus gap = published.awaitStatus(s -> s.state() == FeedStatus.State.GAP, "GAP status");
        assertThat(second - first).isGreaterThan(1);
        assertThat(gap.detail()).contains(Long.toString(first)).contains(Long.toString(second));
        assertThat(published.awaitTicks(2)).hasSize(2);
        assertThat(adapter.metrics().gaps()).isEqualTo(1);
    }

    @Test
    void dropsASilentConnectionAndReconnects() throws Exception {
        connect(settings(server.uri()).withSilentAfter(Duration.ofMillis(300)));
        List<String> first = subscription();
        server.nextConnection();
        assertThat(subscription()).isEqualTo(first);
        assertThat(adapter.metrics().connects()).isGreaterThanOrEqualTo(2);
    }
}
