package io.spreadflow.connectors.feed;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Gate.io spot against the documented {@code spot.book_ticker} notification (resource venues/gateio-spot.txt). */
class GateioSpotFeedTest extends FeedAdapterContract {

    @Override
    FeedAdapter create(FeedSettings settings, FeedPublisher publisher) {
        return new GateioFeed(Venue.GATEIO_SPOT, List.of("BTC-USDT"), settings, publisher, ContractSpecs.none());
    }

    @Override
    Venue venue() {
        return Venue.GATEIO_SPOT;
    }

    @Override
    List<Frame> recordedFrames() throws IOException {
        return resourceFrames("gateio-spot.txt").stream().map(Frame::text).toList();
    }

    @Override
    List<Expected> expectedQuotes() {
        return List.of(new Expected(Venue.GATEIO_SPOT, "BTC-USDT", "BTC_USDT", 19177.79, 0.0003341504, 19179.38, 0.09,
                1606293275123000L, 48733182L));
    }

    @Override
    void assertSubscription(List<String> frames) {
        assertThat(frames).singleElement().asString()
                .matches("\\{\"time\":\\d+,\"channel\":\"spot.book_ticker\",\"event\":\"subscribe\",\"payload\":\\[\"BTC_USDT\"]}");
    }

    @Override
    boolean isHeartbeat(String frame) {
        return frame.matches("\\{\"time\":\\d+,\"channel\":\"spot.ping\"}");
    }

    @Override
    String heartbeatReply(String heartbeat) {
        // the documented answer to spot.ping
        return "{\"time\":1545404023,\"time_ms\":1545404023123,\"channel\":\"spot.pong\",\"event\":\"\",\"result\":null}";
    }

    @Override
    List<Frame> malformedFrames() {
        // Gate.io sends empty prices when a side of the book is empty
        return List.of(Frame.text("{\"time\":1606293275,\"time_ms\":1606293275723,\"channel\":\"spot.book_ticker\",\"event\":\"update\",\"result\":"
                + "{\"t\":1606293275123,\"u\":48733183,\"s\":\"BTC_USDT\",\"b\":\"\",\"B\":\"\",\"a\":\"19179.38\",\"A\":\"0.09\"}}"));
    }
}
