package io.spreadflow.execution.book;

import io.spreadflow.engine.market.Quote;
import io.spreadflow.schemas.BookTicker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recent top-of-book quotes of every (instrument, venue), fed from the {@code ticks} topic.
 *
 * <p>A paper fill uses the book <em>as of the intent's event time</em> (plus the configured latency),
 * not whatever arrived last: the same intent then fills the same way however late it reaches the
 * service, and a run with failures and replays books the same fills as one without. Quotes are kept
 * in arrival (partition) order; "as of T" is the last one to arrive with a receive time ≤ T.
 */
public final class QuoteHistory {

    private final int keptPerVenue;
    private final Map<String, InstrumentQuotes> instruments = new ConcurrentHashMap<>();
    private final Object progress = new Object();

    public QuoteHistory(int keptPerVenue) {
        if (keptPerVenue < 1) throw new IllegalArgumentException("keptPerVenue must be ≥ 1");
        this.keptPerVenue = keptPerVenue;
    }

    /** Adds one tick; ticks that no taker could trade against (non-positive or crossed prices) are refused. */
    public boolean add(BookTicker t) {
        if (!(t.getBidPrice() > 0) || !(t.getAskPrice() > 0) || !Double.isFinite(t.getBidPrice()) || !Double.isFinite(t.getAskPrice())
                || t.getBidPrice() > t.getAskPrice() || !(t.getBidQty() >= 0) || !(t.getAskQty() >= 0)) {
            return false;
        }
        instruments.computeIfAbsent(t.getInstrument(), k -> new InstrumentQuotes(keptPerVenue))
                .add(new Quote(t.getVenue(), t.getBidPrice(), t.getBidQty(), t.getAskPrice(), t.getAskQty(), t.getReceiveTsUs()));
        return true;
    }

    /** Wakes intents waiting for the tick stream to catch up; called once per batch of ticks. */
    public void signalProgress() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /**
     * Waits until a tick of {@code instrument} with receive time ≥ {@code tsUs} has arrived, or {@code timeoutMs} passed.
     *
     * @return whether the stream reached {@code tsUs}
     */
    public boolean awaitReached(String instrument, long tsUs, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        synchronized (progress) {
            while (latestTsUs(instrument) < tsUs) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) return false;
                progress.wait(left);
            }
        }
        return true;
    }

    /** The newest receive time seen for {@code instrument}, {@code Long.MIN_VALUE} if none. */
    public long latestTsUs(String instrument) {
        InstrumentQuotes q = instruments.get(instrument);
        return q == null ? Long.MIN_VALUE : q.maxTsUs;
    }

    /** The quote of {@code venue} as of {@code tsUs}: the last to arrive with receive time ≤ {@code tsUs}; null if none is held. */
    public Quote asOf(String instrument, String venue, long tsUs) {
        InstrumentQuotes q = instruments.get(instrument);
        return q == null ? null : q.asOf(venue, tsUs);
    }

    private static final class InstrumentQuotes {
        private final int kept;
        private final Map<String, Quote[]> rings = new ConcurrentHashMap<>();
        private final Map<String, long[]> heads = new ConcurrentHashMap<>();
        volatile long maxTsUs = Long.MIN_VALUE;

        InstrumentQuotes(int kept) {
            this.kept = kept;
        }

        synchronized void add(Quote quote) {
            Quote[] ring = rings.computeIfAbsent(quote.venue(), v -> new Quote[kept]);
            long[] head = heads.computeIfAbsent(quote.venue(), v -> new long[1]);
            ring[(int) (head[0] % kept)] = quote;
            head[0]++;
            if (quote.tsUs() > maxTsUs) maxTsUs = quote.tsUs();
        }

        synchronized Quote asOf(String venue, long tsUs) {
            Quote[] ring = rings.get(venue);
            if (ring == null) return null;
            long head = heads.get(venue)[0];
            for (long i = head - 1; i >= Math.max(0, head - kept); i--) {
                Quote q = ring[(int) (i % kept)];
                if (q.tsUs() <= tsUs) return q;
            }
            return null;
        }
    }
}
