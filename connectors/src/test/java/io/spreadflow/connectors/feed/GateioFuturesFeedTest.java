package io.spreadflow.connectors.feed;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static io.spreadflow.connectors.feed.RecordedMessages.num;
import static io.spreadflow.connectors.feed.RecordedMessages.str;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gate.io USDT futures against the 75 {@code futures.book_ticker} updates of the cryptofeed session
 * (data/payloads/GATEIO_FUTURES.ws.1.0); sizes are contracts, converted with the multipliers given here.
 */
class GateioFuturesFeedTest extends FeedAdapterContract {

    private static final Map<String, String> MULTIPLIERS = Map.of(
            "PHB_USDT", "1", "RDNT_USDT", "10", "WOO_USDT", "10", "DIA_USDT", "0.1", "LIT_USDT", "0.01");

    private static ContractSpecs specs() {
        java.util.Map<String, ContractSpec> m = new java.util.HashMap<>();
        MULTIPLIERS.forEach((s, mult) -> m.put(s, ContractSpec.linear(mult)));
        return ContractSpecs.of(Map.of(Venue.GATEIO_FUTURES, m));
    }

    @Override
    FeedAdapter create(FeedSettings settings, FeedPublisher publisher) {
        return new GateioFeed(Venue.GATEIO_FUTURES, List.of("PHB-USDT", "RDNT-USDT", "WOO-USDT", "DIA-USDT", "LIT-USDT"), settings, publisher, specs());
    }

    @Override
    Venue venue() {
        return Venue.GATEIO_FUTURES;
    }

    private static List<String> updates() throws IOException {
        return RecordedMessages.cryptofeedFrames("GATEIO_FUTURES.ws.1.0", "\"channel\":\"futures.book_ticker\",\"event\":\"update\"");
    }

    @Override
    List<Frame> recordedFrames() throws IOException {
        return updates().stream().map(Frame::text).toList();
    }

    @Override
    List<Expected> expectedQuotes() throws IOException {
        return updates().stream().map(m -> {
            String s = str(m, "s");
            BigDecimal mult = new BigDecimal(MULTIPLIERS.get(s));
            return new Expected(Venue.GATEIO_FUTURES, s.replace('_', '-'), s, Double.parseDouble(str(m, "b")),
                    new BigDecimal(num(m, "B")).multiply(mult).doubleValue(), Double.parseDouble(str(m, "a")),
                    new BigDecimal(num(m, "A")).multiply(mult).doubleValue(), Long.parseLong(num(m, "t")) * 1000L, Long.parseLong(num(m, "u")));
        }).toList();
    }

    @Override
    void assertSubscription(List<String> frames) {
        assertThat(frames).singleElement().asString().matches("\\{\"time\":\\d+,\"channel\":\"futures.book_ticker\",\"event\":\"subscribe\","
                + "\"payload\":\\[\"PHB_USDT\",\"RDNT_USDT\",\"WOO_USDT\",\"DIA_USDT\",\"LIT_USDT\"]}");
    }

    @Override
    boolean isHeartbeat(String frame) {
        return frame.matches("\\{\"time\":\\d+,\"channel\":\"futures.ping\"}");
    }

    @Override
    String heartbeatReply(String heartbeat) {
        return "{\"time\":1545404023,\"time_ms\":1545404023123,\"channel\":\"futures.pong\",\"event\":\"\",\"result\":null}";
    }

    @Override
    List<Frame> malformedFrames() {
        return List.of(
                // the recorded first update with the bid emptied, as Gate.io sends for an empty side
                Frame.text("{\"time\":1684930165,\"time_ms\":1684930165631,\"channel\":\"futures.book_ticker\",\"event\":\"update\",\"result\":{\"t\":1684930165621,\"u\":6159967,\"s\":\"PHB_USDT\",\"b\":\"\",\"B\":0,\"a\":\"0.739\",\"A\":677}}"),
                // a contract nobody gave a multiplier for: dead-lettered, never guessed
                Frame.text("{\"time\":1684930165,\"time_ms\":1684930165631,\"channel\":\"futures.book_ticker\",\"event\":\"update\",\"result\":{\"t\":1684930165621,\"u\":6159968,\"s\":\"ZRX_USDT\",\"b\":\"0.2\",\"B\":5,\"a\":\"0.21\",\"A\":677}}"));
    }

    @org.junit.jupiter.api.Test
    void refusesToStartWithoutAMultiplierForAnInstrument() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GateioFeed(Venue.GATEIO_FUTURES, List.of("ZRX-USDT"),
                        settings(server.uri()), published, specs()))
                .isInstanceOf(MissingContractSpec.class).hasMessageContaining("ZRX_USDT").hasMessageContaining("gateio-futures");
    }
}
