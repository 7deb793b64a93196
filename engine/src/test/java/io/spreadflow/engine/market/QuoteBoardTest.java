package io.spreadflow.engine.market;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QuoteBoardTest {

    private static final long T = 1_760_000_000_000_000L;
    private static final long HOUR = 3_600_000_000L;

    private final QuoteBoard board = new QuoteBoard(List.of("mexc-spot", "gateio-futures"), HOUR, 5_000_000L);

    private QuoteRejection offer(String venue, double bid, double bidQty, double ask, double askQty, long ts) {
        return board.offer(venue, bid, bidQty, ask, askQty, ts);
    }

    @Test
    void acceptsAGoodQuoteAndKeepsTheLatestPerVenue() {
        assertThat(offer("mexc-spot", 1.0, 5, 1.1, 6, T)).isNull();
        assertThat(offer("mexc-spot", 1.01, 5, 1.02, 6, T + 1)).isNull();
        int v = board.indexOf("mexc-spot");
        assertThat(board.bid(v)).isEqualTo(1.01);
        assertThat(board.ask(v)).isEqualTo(1.02);
        assertThat(board.tsUs(v)).isEqualTo(T + 1);
        assertThat(board.streamTimeUs()).isEqualTo(T + 1);
    }

    @Test
    void rejectsAVenueTheConfigDoesNotName() {
        assertThat(offer("binance-spot", 1.0, 1, 1.1, 1, T)).isEqualTo(QuoteRejection.UNKNOWN_VENUE);
    }

    @Test
    void rejectsNonFinitePrices() {
        assertThat(offer("mexc-spot", Double.NaN, 1, 1.1, 1, T)).isEqualTo(QuoteRejection.NON_FINITE_PRICE);
        assertThat(offer("mexc-spot", 1.0, 1, Double.POSITIVE_INFINITY, 1, T)).isEqualTo(QuoteRejection.NON_FINITE_PRICE);
    }

    @Test
    void rejectsNonPositivePrices() {
        assertThat(offer("mexc-spot", 0.0, 1, 1.1, 1, T)).isEqualTo(QuoteRejection.NON_POSITIVE_PRICE);
        assertThat(offer("mexc-spot", -1.0, 1, 1.1, 1, T)).isEqualTo(QuoteRejection.NON_POSITIVE_PRICE);
    }

    @Test
    void rejectsBidAboveAskButAcceptsALockedBook() {
        assertThat(offer("mexc-spot", 1.2, 1, 1.1, 1, T)).isEqualTo(QuoteRejection.CROSSED_BOOK);
        assertThat(offer("mexc-spot", 1.1, 1, 1.1, 1, T)).isNull();
    }

    @Test
    void rejectsNegativeOrNaNQuantity() {
        assertThat(offer("mexc-spot", 1.0, -1, 1.1, 1, T)).isEqualTo(QuoteRejection.NEGATIVE_QUANTITY);
        assertThat(offer("mexc-spot", 1.0, 1, 1.1, Double.NaN, T)).isEqualTo(QuoteRejection.NEGATIVE_QUANTITY);
        assertThat(offer("mexc-spot", 1.0, 0, 1.1, 0, T)).isNull();
    }

    @Test
    void rejectsATimestampFarFromTheStreamTime() {
        assertThat(offer("mexc-spot", 1.0, 1, 1.1, 1, T)).isNull();
        assertThat(offer("gateio-futures", 1.0, 1, 1.1, 1, T + HOUR + 1)).isEqualTo(QuoteRejection.TIME_OUT_OF_RANGE);
        assertThat(offer("gateio-futures", 1.0, 1, 1.1, 1, T - HOUR - 1)).isEqualTo(QuoteRejection.TIME_OUT_OF_RANGE);
        assertThat(offer("gateio-futures", 1.0, 1, 1.1, 1, 0)).isEqualTo(QuoteRejection.TIME_OUT_OF_RANGE);
        assertThat(offer("gateio-futures", 1.0, 1, 1.1, 1, T + HOUR)).isNull();
    }

    @Test
    void rejectsAQuoteOlderThanItsVenuesLatest() {
        assertThat(offer("mexc-spot", 1.0, 1, 1.1, 1, T)).isNull();
        assertThat(offer("mexc-spot", 1.0, 1, 1.1, 1, T - 1)).isEqualTo(QuoteRejection.OUT_OF_ORDER);
        assertThat(offer("mexc-spot", 1.0, 1, 1.1, 1, T)).as("an equal time is a later quote").isNull();
    }

    @Test
    void aRefusedTickLeavesTheBoardUnchanged() {
        offer("mexc-spot", 1.0, 1, 1.1, 1, T);
        offer("mexc-spot", 1.2, 1, 1.1, 1, T + 1);
        int v = board.indexOf("mexc-spot");
        assertThat(board.bid(v)).isEqualTo(1.0);
        assertThat(board.streamTimeUs()).isEqualTo(T);
    }

    @Test
    void staleQuotesDoNotTakePartInSpreads() {
        offer("mexc-spot", 1.0, 1, 1.1, 1, T);
        offer("gateio-futures", 1.0, 1, 1.1, 1, T + 5_000_000L);
        assertThat(board.allLive(T + 5_000_000L)).isTrue();
        assertThat(board.isLive(board.indexOf("mexc-spot"), T + 5_000_001L)).isFalse();
        assertThat(board.allLive(T + 5_000_001L)).isFalse();
    }

    @Test
    void reasonsNameTheProblemAndTheValues() {
        String r = QuoteRejection.CROSSED_BOOK.describe("mexc-spot", 1.2, 1, 1.1, 1, T, T);
        assertThat(r).contains("CROSSED_BOOK").contains("bid above ask").contains("bid=1.2").contains("ask=1.1");
    }
}
