package io.spreadflow.execution.book;

import io.spreadflow.engine.market.Quote;
import io.spreadflow.schemas.BookTicker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The recent top-of-book quotes of every (instrument, venue), fed from the {@code ticks} topic.
 *
 * <p>A paper fill uses the book <em>as of the intent's event time</em> (plus the configured latency),
 * not whatever arrived last: the same intent then fills the same way however late it reaches the
 * service, and a run with failures and replays books the same fills as one without. Quotes are kept
 * in arrival (partition) order; "as of T" is the last one to arrive with a receive time ≤ T.
 *
 * <p>It is a cache with {@link Limits}: each book keeps at most {@code keptPerVenue} quotes and drops
 * those older than {@code maxAgeUs} before its newest (keeping the last one at or before that age, so
 * that the book as of that time still answers); at most {@code maxBooks} (instrument, venue) books are
 * kept, ticks of further books are refused. Each drop and refusal is counted.
 */
public final class QuoteHistory {

    /**
     * The bounds of the history.
     *
     * @param keptPerVenue quotes kept per (instrument, venue), the oldest dropped first; at least 1
     * @param maxAgeUs     quotes older than this before the newest of their book are dropped; at least 1
     * @param maxBooks     (instrument, venue) books kept at most; ticks of more are refused; at least 1
     */
    public record Limits(int keptPerVenue, long maxAgeUs, int maxBooks) {
        public Limits {
            if (keptPerVenue < 1) throw new IllegalArgumentException("quotes-kept-per-venue must be ≥ 1, was " + keptPerVenue);
            if (maxAgeUs < 1) throw new IllegalArgumentException("quote max age must be ≥ 1 µs, was " + maxAgeUs);
            if (maxBooks < 1) throw new IllegalArgumentException("max-quote-books must be ≥ 1, was " + maxBooks);
        }
    }

    /** A ring starts this small and doubles up to {@code keptPerVenue}: a quiet book costs little. */
    private static final int FIRST_CAPACITY = 16;

    private final Limits limits;
    private final Map<String, InstrumentQuotes> instruments = new ConcurrentHashMap<>();
    private final AtomicInteger books = new AtomicInteger();
    private final Object progress = new Object();
    private final LongAdder droppedByCount = new LongAdder();
    private final LongAdder droppedByAge = new LongAdder();
    private final LongAdder refusedBooks = new LongAdder();

    public QuoteHistory(Limits limits) {
        this.limits = limits;
    }

    /** {@code keptPerVenue} quotes per book, no age bound, as many books as an int counts (tests). */
    public QuoteHistory(int keptPerVenue) {
        this(new Limits(keptPerVenue, Long.MAX_VALUE, Integer.MAX_VALUE));
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Adds one tick; ticks that no taker could trade against (non-positive or crossed prices) are refused, and
     * so are ticks of a new book once {@code maxBooks} are kept.
     */
    public boolean add(BookTicker t) {
        if (!(t.getBidPrice() > 0) || !(t.getAskPrice() > 0) || !Double.isFinite(t.getBidPrice()) || !Double.isFinite(t.getAskPrice())
                || t.getBidPrice() > t.getAskPrice() || !(t.getBidQty() >= 0) || !(t.getAskQty() >= 0)) {
            return false;
        }
        boolean added = instruments.computeIfAbsent(t.getInstrument(), k -> new InstrumentQuotes())
                .add(new Quote(t.getVenue(), t.getBidPrice(), t.getBidQty(), t.getAskPrice(), t.getAskQty(), t.getReceiveTsUs()));
        if (!added) refusedBooks.increment();
        return added;
    }

    /** Quotes dropped because their book held {@code keptPerVenue} newer ones. */
    public long droppedByCount() {
        return droppedByCount.sum();
    }

    /** Quotes dropped because they were older than {@code maxAgeUs} before their book's newest. */
    public long droppedByAge() {
        return droppedByAge.sum();
    }

    /** Ticks refused because they would have opened a book beyond {@code maxBooks}. */
    public long refusedBooks() {
        return refusedBooks.sum();
    }

    /** (instrument, venue) books kept. */
    public int books() {
        return books.get();
    }

    /** Quotes kept over all books (walks every book: for tests and diagnostics). */
    public long quotes() {
        long n = 0;
        for (InstrumentQuotes q : instruments.values()) n += q.quotes();
        return n;
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

    private final class InstrumentQuotes {
        private final Map<String, Ring> rings = new ConcurrentHashMap<>();
        volatile long maxTsUs = Long.MIN_VALUE;

        synchronized boolean add(Quote quote) {
            Ring ring = rings.get(quote.venue());
            if (ring == null) {
                // the book count is shared by all instruments: claim a place first, or refuse
                if (books.incrementAndGet() > limits.maxBooks()) {
                    books.decrementAndGet();
                    return false;
                }
                ring = new Ring();
                rings.put(quote.venue(), ring);
            }
            ring.add(quote);
            if (quote.tsUs() > maxTsUs) maxTsUs = quote.tsUs();
            return true;
        }

        synchronized Quote asOf(String venue, long tsUs) {
            Ring ring = rings.get(venue);
            return ring == null ? null : ring.asOf(tsUs);
        }

        synchronized long quotes() {
            long n = 0;
            for (Ring r : rings.values()) n += r.size;
            return n;
        }
    }

    /** One book's quotes in arrival order, oldest at {@code head}; guarded by its instrument's lock. */
    private final class Ring {
        private Quote[] items = new Quote[Math.min(FIRST_CAPACITY, limits.keptPerVenue())];
        private int head;
        private int size;
        private long maxTsUs = Long.MIN_VALUE;

        void add(Quote q) {
            if (size == limits.keptPerVenue()) {
                dropOldest();
                droppedByCount.increment();
            } else if (size == items.length) {
                grow();
            }
            items[(head + size) % items.length] = q;
            size++;
            if (q.tsUs() > maxTsUs) maxTsUs = q.tsUs();
            long maxAge = limits.maxAgeUs();
            if (maxAge == Long.MAX_VALUE || maxTsUs < Long.MIN_VALUE + maxAge) return;
            long cutoff = maxTsUs - maxAge;
            // the oldest goes once the next one is itself at or before the cutoff: "as of the cutoff" still answers
            while (size > 1 && get(1).tsUs() <= cutoff) {
                dropOldest();
                droppedByAge.increment();
            }
        }

        Quote asOf(long tsUs) {
            for (int i = size - 1; i >= 0; i--) {
                Quote q = get(i);
                if (q.tsUs() <= tsUs) return q;
            }
            return null;
        }

        private Quote get(int i) {
            return items[(head + i) % items.length];
        }

        private void dropOldest() {
            items[head] = null;
            head = (head + 1) % items.length;
            size--;
        }

        private void grow() {
            Quote[] bigger = new Quote[(int) Math.min((long) items.length * 2, limits.keptPerVenue())];
            for (int i = 0; i < size; i++) bigger[i] = get(i);
            items = bigger;
            head = 0;
        }
    }
}
