package io.spreadflow.connectors.feed;

import java.io.IOException;
import java.util.List;

import static io.spreadflow.connectors.feed.RecordedMessages.str;
import static org.assertj.core.api.Assertions.assertThat;

/** OKX spot {@code tickers} against the BTC-USDT pushes of the cryptofeed session (data/payloads/OKX.ws.1.0). */
class OkxSpotFeedTest extends FeedAdapterContract {

    @Override
    FeedAdapter create(FeedSettings settings, FeedPublisher publisher) {
        return new OkxFeed(Venue.OKX_SPOT, OkxFeed.Channel.TICKERS, List.of("BTC-USDT"), settings, publisher, ContractSpecs.none());
    }

    @Override
    Venue venue() {
        return Venue.OKX_SPOT;
    }

    private static List<String> pushes() throws IOException {
        return RecordedMessages.cryptofeedFrames("OKX.ws.1.0", "{\"arg\":{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"},\"data\":[");
    }

    @Override
    List<Frame> recordedFrames() throws IOException {
        return pushes().stream().map(Frame::text).toList();
    }

    @Override
    List<Expected> expectedQuotes() throws IOException {
        return pushes().stream().map(m -> new Expected(Venue.OKX_SPOT, "BTC-USDT", "BTC-USDT", Double.parseDouble(str(m, "bidPx")),
                Double.parseDouble(str(m, "bidSz")), Double.parseDouble(str(m, "askPx")), Double.parseDouble(str(m, "askSz")),
                Long.parseLong(str(m, "ts")) * 1000L, null)).toList();
    }

    @Override
    void assertSubscription(List<String> frames) {
        assertThat(frames).containsExactly("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"}]}");
    }

    @Override
    boolean isHeartbeat(String frame) {
        return frame.equals("ping");
    }

    @Override
    String heartbeatReply(String heartbeat) {
        return "pong";
    }

    @Override
    List<Frame> malformedFrames() {
        return List.of(
                Frame.text("{\"arg\":{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"},\"data\":[{\"instType\":\"SPOT\",\"instId\":\"BTC-USDT\",\"last\":\"30236\",\"lastSz\":\"0.0002\",\"askPx\":\"30228.7\",\"askSz\":\"1.55896972\",\"bidPx\":\"\",\"bidSz\":\"\",\"ts\":\"1652459224956\"}]}"),
                Frame.text("{\"event\":\"error\",\"code\":\"60012\",\"msg\":\"Invalid request\"}"));
    }
}
