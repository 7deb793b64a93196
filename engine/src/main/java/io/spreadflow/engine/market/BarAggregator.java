package io.spreadflow.engine.market;


/**
 * Resamples ticks into bars of N seconds with the exact contract of the reference backtests
 * (golden/README.md, "Bar contract"):
 * <ol>
 *   <li>bucket = floor(ts / (N·10⁶)) in integer arithmetic;</li>
 *   <li>a venue's value in a bucket is its last quote there, a later tick winning a timestamp tie;</li>
 *   <li>a row exists only when every venue quoted in the bucket (inner join, no forward fill);</li>
 *   <li>the row's time is the bucket start.</li>
 * </ol>
 * A bar closes when a tick of a later bucket arrives ({@link #closesOpenBar}) or at the end of input.
 * The caller evaluates the closed bar before {@link #add adding} the tick that closed it.
 */
public final class BarAggregator {
    private static final long NONE = Long.MIN_VALUE;

    final long barUs;
    // package-private: a MarketRow reads the closed bar in place
    final VenueQuotes quotes;
    long bucket = NONE;
    /** [start, end) of the open bucket in µs: most ticks fall inside it, which saves a division. */
    long startUs = Long.MAX_VALUE;
    long endUs = Long.MIN_VALUE;

    public BarAggregator(int venues, long barUs) {
        if (barUs <= 0) throw new IllegalArgumentException("bar size must be > 0 µs");
        this.barUs = barUs;
        quotes = new VenueQuotes(venues);
    }

    public long bucketOf(long tsUs) {
        return Math.floorDiv(tsUs, barUs);
    }

    /** True while a bar is open. */
    public boolean isOpen() {
        return bucket != NONE;
    }

    /** True when a tick at {@code tsUs} belongs to a later bucket than the open bar. */
    public boolean closesOpenBar(long tsUs) {
        return bucket != NONE && tsUs >= endUs;
    }

    /** True when a tick at {@code tsUs} belongs to an earlier bucket than the open bar. */
    public boolean isLate(long tsUs) {
        return bucket != NONE && tsUs < startUs;
    }

    /** True when every venue quoted in the open bucket: closing it yields a row. */
    public boolean isComplete() {
        return bucket != NONE && quotes.hasAll();
    }

    /** Start of the open bucket, epoch µs. */
    public long barStartUs() {
        return bucket * barUs;
    }

    /**
     * Adds a tick. A tick of a later bucket first discards the open bar, so evaluate it before.
     * Late ticks ({@link #isLate}) must not be added.
     */
    public void add(int venue, double bidPx, double bidSz, double askPx, double askSz, long tsUs) {
        if (bucket == NONE || tsUs < startUs || tsUs >= endUs) {
            long b = bucketOf(tsUs);
            if (bucket != NONE && b < bucket) throw new IllegalStateException("tick at " + tsUs + " is late for bar " + bucket);
            reset(b);
        }
        // ticks arrive in partition order: a tick with an equal or larger time is the later one
        if (!quotes.has(venue) || tsUs >= quotes.ts[venue]) quotes.put(venue, bidPx, bidSz, askPx, askSz, tsUs);
    }

    /** Forgets the open bar (after it was evaluated at the end of input). */
    public void close() {
        reset(NONE);
    }

    private void reset(long newBucket) {
        bucket = newBucket;
        if (newBucket == NONE) {
            startUs = Long.MAX_VALUE;
            endUs = Long.MIN_VALUE;
        } else {
            startUs = newBucket * barUs;
            endUs = startUs + barUs;
        }
        quotes.forget();
    }

    public double bid(int venue) {
        return quotes.bid[venue];
    }

    public double ask(int venue) {
        return quotes.ask[venue];
    }

    public double bidQty(int venue) {
        return quotes.bidQty[venue];
    }

    public double askQty(int venue) {
        return quotes.askQty[venue];
    }

    public long tsUs(int venue) {
        return quotes.ts[venue];
    }
}
