package io.spreadflow.connectors.feed;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** OKX perpetual swap {@code bbo-tbt} against the documented push (resource venues/okx-swap-bbo-tbt.txt). */
class OkxSwapFeedTest extends FeedAdapterContract {

    /** BTC-USDT-SWAP: ctVal 0.01 BTC, ctMult 1 (OKX public instruments). */
    private static final ContractSpecs SPECS = ContractSpecs.of(Map.of(Venue.OKX_SWAP, Map.of("BTC-USDT-SWAP", ContractSpec.linear("0.01"))));

    @Override
    FeedAdapter create(FeedSettings settings, FeedPublisher publisher) {
        return new OkxFeed(Venue.OKX_SWAP, OkxFeed.Channel.BBO_TBT, List.of("BTC-USDT"), settings, publisher, SPECS);
    }

    @Override
    Venue venue() {
        return Venue.OKX_SWAP;
    }

    @Override
    List<Frame> recordedFrames() throws IOException {
        return resourceFrames("okx-swap-bbo-tbt.txt").stream().map(Frame::text).toList();
    }

    @Override
    List<Expected> expectedQuotes() {
        return List.of(new Expected(Venue.OKX_SWAP, "BTC-USDT", "BTC-USDT-SWAP", 8476.97, 256 * 0.01, 8476.98, 415 * 0.01, 1597026383085000L, 123456L));
    }

    @Override
    void assertSubscription(List<String> frames) {
        assertThat(frames).containsExactly("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"bbo-tbt\",\"instId\":\"BTC-USDT-SWAP\"}]}");
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
        return List.of(Frame.text("{\"arg\":{\"channel\":\"bbo-tbt\",\"instId\":\"BTC-USDT-SWAP\"},\"data\":[{\"asks\":[],\"bids\":[[\"8476.97\",\"256\",\"0\",\"12\"]],\"ts\":\"1597026383085\",\"seqId\":123457}]}"));
    }
}
