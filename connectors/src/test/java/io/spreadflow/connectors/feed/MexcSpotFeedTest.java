package io.spreadflow.connectors.feed;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static io.spreadflow.connectors.feed.RecordedMessages.num;
import static io.spreadflow.connectors.feed.RecordedMessages.str;
import static org.assertj.core.api.Assertions.assertThat;

/** MEXC spot against the documented book-ticker push (resource venues/mexc-spot.txt), sent as protobuf. */
class MexcSpotFeedTest extends FeedAdapterContract {

    @Override
    FeedAdapter create(FeedSettings settings, FeedPublisher publisher) {
        return new MexcSpotFeed(List.of("BTC-USDT"), settings, publisher);
    }

    @Override
    Venue venue() {
        return Venue.MEXC_SPOT;
    }

    private static byte[] encoded(String json) {
        return ProtobufWriter.mexcBookTicker(str(json, "channel"), str(json, "symbol"), Long.parseLong(num(json, "sendtime")),
                str(json, "bidprice"), str(json, "bidquantity"), str(json, "askprice"), str(json, "askquantity"));
    }

    @Override
    List<Frame> recordedFrames() throws IOException {
        return resourceFrames("mexc-spot.txt").stream().map(j -> Frame.binary(encoded(j))).toList();
    }

    @Override
    List<Expected> expectedQuotes() {
        return List.of(new Expected(Venue.MEXC_SPOT, "BTC-USDT", "BTCUSDT", 93387.28, 3.73485, 93387.29, 7.669875, 1736412092433000L, null));
    }

    @Override
    void assertSubscription(List<String> frames) {
        assertThat(frames).containsExactly("{\"method\":\"SUBSCRIPTION\",\"params\":[\"spot@public.aggre.bookTicker.v3.api.pb@100ms@BTCUSDT\"]}");
    }

    @Override
    boolean isHeartbeat(String frame) {
        return frame.equals("{\"method\":\"PING\"}");
    }

    @Override
    String heartbeatReply(String heartbeat) {
        return "{\"id\":0,\"code\":0,\"msg\":\"PONG\"}";
    }

    @Override
    List<Frame> malformedFrames() {
        byte[] valid = ProtobufWriter.mexcBookTicker("spot@public.aggre.bookTicker.v3.api.pb@100ms@BTCUSDT", "BTCUSDT", 1736412092433L,
                "93387.28", "3.73485", "93387.29", "7.669875");
        return List.of(
                Frame.binary(Arrays.copyOf(valid, valid.length - 5)), // cut off
                Frame.binary(ProtobufWriter.mexcBookTicker("spot@public.aggre.bookTicker.v3.api.pb@100ms@BTCUSDT", "BTCUSDT", 1736412092433L,
                        "", "3.73485", "93387.29", "7.669875")), // empty bid
                Frame.text("{\"id\":0,\"code\":0,\"msg\":\"Not Subscribed successfully! [spot@public.aggre.bookTicker.v3.api.pb@100ms@XYZ]. Reason： Blocked! \"}"));
    }
}
