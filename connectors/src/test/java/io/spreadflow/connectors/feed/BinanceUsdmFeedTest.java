package io.spreadflow.connectors.feed;

import java.io.IOException;
import java.util.List;

import static io.spreadflow.connectors.feed.RecordedMessages.num;
import static org.assertj.core.api.Assertions.assertThat;

/** Binance USD-M futures against bookTicker messages recorded by hftbacktest (data/binance/raw/usdm). */
class BinanceUsdmFeedTest extends FeedAdapterContract {

    private static final String RECORDING = "binance/raw/usdm/btcusdt_20240808.gz";

    @Override
    FeedAdapter create(FeedSettings settings, FeedPublisher publisher) {
        return new BinanceFeed(Venue.BINANCE_USDM, List.of("BTC-USDT"), settings, publisher);
    }

    @Override
    Venue venue() {
        return Venue.BINANCE_USDM;
    }

    @Override
    List<Frame> recordedFrames() throws IOException {
        return RecordedMessages.binanceBookTickers(RECORDING, 40).stream().map(Frame::text).toList();
    }

    @Override
    List<Expected> expectedQuotes() throws IOException {
        return RecordedMessages.binanceBookTickers(RECORDING, 40).stream()
                .map(m -> RecordedMessages.binanceQuote(Venue.BINANCE_USDM, "BTC-USDT", m, Long.parseLong(num(m, "E")) * 1000L)).toList();
    }

    @Override
    void assertSubscription(List<String> frames) {
        assertThat(frames).containsExactly("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@bookTicker\"],\"id\":1}");
    }

    @Override
    List<Frame> malformedFrames() {
        return List.of(Frame.text("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":5123107839020,\"s\":\"BTCUSDT\",\"b\":\"abc\",\"B\":\"2.507\",\"a\":\"61800.30\",\"A\":\"2.510\",\"T\":1723161256313,\"E\":1723161256313}}"));
    }
}
