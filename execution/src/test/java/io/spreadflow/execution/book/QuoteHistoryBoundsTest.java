package io.spreadflow.execution.book;

import io.spreadflow.engine.market.Quote;
import io.spreadflow.execution.ServiceMetrics;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.Market;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The book history is a cache with bounds: quotes per book, their age before the book's newest, and the
 * number of books. Past a bound the oldest quotes go (or a new book's ticks are refused), each counted
 * and shown on {@code /metrics}; just under a bound nothing is dropped.
 */
class QuoteHistoryBoundsTest {

    private static final long T0 = 1_760_000_000_000_000L;
    private static final long SECOND = 1_000_000L;
    private static final long UNBOUNDED_AGE = Long.MAX_VALUE;

    private static BookTicker tick(String instrument, String venue, long tsUs, double bid) {
        return BookTicker.newBuilder().setInstrument(instrument).setVenue(venue).setMarket(Market.SPOT).setVenueSymbol(instrument)
                .setBidPrice(bid).setBidQty(1).setAskPrice(bid + 0.1).setAskQty(1).setReceiveTsUs(tsUs).setExchangeTsUs(null)
                .setUpdateId(null).build();
    }

    private static void feed(QuoteHistory h, int n, long stepUs) {
        for (int i = 0; i < n; i++) assertThat(h.add(tick("BTC-USDT", "v", T0 + i * stepUs, 100 + i))).isTrue();
    }

    @Test
    void keepsUpToTheCountWithoutDropping() {
        QuoteHistory h = new QuoteHistory(new QuoteHistory.Limits(8, UNBOUNDED_AGE, 10));
        feed(h, 8, SECOND);
        assertThat(h.quotes()).isEqualTo(8);
        assertThat(h.droppedByCount()).isZero();
        assertThat(h.asOf("BTC-USDT", "v", T0).bid()).isEqualTo(100.0);
    }

    @Test
    void pastTheCountTheOldestQuotesGoAndAreCounted() {
        QuoteHistory h = new QuoteHistory(new QuoteHistory.Limits(8, UNBOUNDED_AGE, 10));
        feed(h, 20, SECOND);
        assertThat(h.quotes()).isEqualTo(8);
        assertThat(h.droppedByCount()).isEqualTo(12);
        assertThat(h.droppedByAge()).isZero();
        assertThat(h.asOf("BTC-USDT", "v", T0 + 11 * SECOND)).as("dropped").isNull();
        assertThat(h.asOf("BTC-USDT", "v", T0 + 12 * SECOND).bid()).as("the oldest kept").isEqualTo(112.0);
        assertThat(h.asOf("BTC-USDT", "v", T0 + 100 * SECOND).bid()).as("the newest").isEqualTo(119.0);
    }

    @Test
    void quotesWithinTheAgeStay() {
        QuoteHistory h = new QuoteHistory(new QuoteHistory.Limits(1000, 10 * SECOND, 10));
        feed(h, 11, SECOND);
        assertThat(h.quotes()).isEqualTo(11);
        assertThat(h.droppedByAge()).isZero();
    }

    @Test
    void pastTheAgeTheOldestGoButTheBookAsOfThatAgeStillAnswers() {
        QuoteHistory h = new QuoteHistory(new QuoteHistory.Limits(1000, 10 * SECOND, 10));
        feed(h, 31, SECOND);
        // newest at 30 s: the cutoff is 20 s; the quote at 20 s answers for it, 0..19 s are gone
        assertThat(h.quotes()).isEqualTo(11);
        assertThat(h.droppedByAge()).isEqualTo(20);
        assertThat(h.droppedByCount()).isZero();
        assertThat(h.asOf("BTC-USDT", "v", T0 + 20 * SECOND).bid()).isEqualTo(120.0);
        assertThat(h.asOf("BTC-USDT", "v", T0 + 19 * SECOND)).isNull();
    }

    @Test
    void aQuietBookKeepsItsLastQuoteHoweverOld() {
        QuoteHistory h = new QuoteHistory(new QuoteHistory.Limits(1000, 10 * SECOND, 10));
        h.add(tick("BTC-USDT", "quiet", T0, 100));
        feed(h, 100, SECOND);
        assertThat(h.asOf("BTC-USDT", "quiet", T0 + 99 * SECOND).bid()).isEqualTo(100.0);
    }

    @Test
    void booksUpToTheBoundAreKept() {
        QuoteHistory h = new QuoteHistory(new QuoteHistory.Limits(8, UNBOUNDED_AGE, 3));
        assertThat(h.add(tick("BTC-USDT", "a", T0, 100))).isTrue();
        assertThat(h.add(tick("BTC-USDT", "b", T0, 100))).isTrue();
        assertThat(h.add(tick("ETH-USDT", "a", T0, 100))).isTrue();
        assertThat(h.books()).isEqualTo(3);
        assertThat(h.refusedBooks()).isZero();
    }

    @Test
    void aBookPastTheBoundIsRefusedAndCountedWhileTheKeptBooksGoOn() {
        QuoteHistory h = new QuoteHistory(new QuoteHistory.Limits(8, UNBOUNDED_AGE, 3));
        h.add(tick("BTC-USDT", "a", T0, 100));
        h.add(tick("BTC-USDT", "b", T0, 100));
        h.add(tick("ETH-USDT", "a", T0, 100));
        assertThat(h.add(tick("SOL-USDT", "a", T0, 100))).isFalse();
        assertThat(h.add(tick("BTC-USDT", "c", T0, 100))).isFalse();
        assertThat(h.refusedBooks()).isEqualTo(2);
        assertThat(h.books()).isEqualTo(3);
        assertThat(h.asOf("SOL-USDT", "a", T0)).isNull();
        assertThat(h.add(tick("BTC-USDT", "a", T0 + SECOND, 101))).isTrue();
        assertThat(h.asOf("BTC-USDT", "a", T0 + SECOND).bid()).isEqualTo(101.0);
    }

    @Test
    void underRandomTrafficEveryBookStaysWithinItsBoundsAndAnswersAsAFullHistoryWould() {
        int kept = 32;
        long maxAge = 20 * SECOND;
        QuoteHistory h = new QuoteHistory(new QuoteHistory.Limits(kept, maxAge, 6));
        java.util.List<Quote> all = new java.util.ArrayList<>();
        Random r = new Random(7);
        long ts = T0;
        String[] venues = {"a", "b", "c"};
        for (int i = 0; i < 5_000; i++) {
            ts += r.nextInt(2 * (int) SECOND);
            String venue = venues[r.nextInt(venues.length)];
            h.add(tick("BTC-USDT", venue, ts, 100 + i));
            all.add(new Quote(venue, 100 + i, 1, 100 + i + 0.1, 1, ts));
            assertThat(h.quotes()).isLessThanOrEqualTo((long) kept * venues.length);
        }
        // within the last few seconds every book holds what a full history would answer
        for (String venue : venues) {
            for (long t = ts - 5 * SECOND; t <= ts; t += SECOND / 3) {
                Quote expected = null;
                for (Quote q : all) if (q.venue().equals(venue) && q.tsUs() <= t) expected = q;
                assertThat(h.asOf("BTC-USDT", venue, t)).as("%s as of %d", venue, t).isEqualTo(expected);
            }
        }
        assertThat(h.droppedByCount() + h.droppedByAge() + h.quotes()).as("each quote kept or counted as dropped").isEqualTo(all.size());
    }

    @Test
    void theServiceShowsWhatTheHistoryDropped() {
        QuoteHistory h = new QuoteHistory(new QuoteHistory.Limits(8, 5 * SECOND, 1));
        feed(h, 20, SECOND / 10);
        feed(h, 1, 0);
        h.add(tick("ETH-USDT", "v", T0, 100));
        try (ServiceMetrics m = new ServiceMetrics()) {
            m.quoteHistory(h);
            String text = m.render();
            assertThat(text).contains("spreadflow_execution_quotes_dropped_total{cause=\"count\"} " + (double) h.droppedByCount());
            assertThat(text).contains("spreadflow_execution_quotes_dropped_total{cause=\"age\"} " + (double) h.droppedByAge());
            assertThat(text).contains("spreadflow_execution_quote_books_refused_total 1.0");
            assertThat(text).contains("spreadflow_execution_quote_books 1.0");
        }
        assertThat(h.droppedByCount()).isPositive();
    }

    @Test
    void boundsBelowOneAreRefusedWithTheirName() {
        assertThatThrownBy(() -> new QuoteHistory.Limits(0, 1, 1)).hasMessageContaining("quotes-kept-per-venue");
        assertThatThrownBy(() -> new QuoteHistory.Limits(1, 0, 1)).hasMessageContaining("age");
        assertThatThrownBy(() -> new QuoteHistory.Limits(1, 1, 0)).hasMessageContaining("max-quote-books");
    }
}
