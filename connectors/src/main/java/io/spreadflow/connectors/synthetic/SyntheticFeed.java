package io.spreadflow.connectors.synthetic;

import io.spreadflow.connectors.replay.EventTimePacer;
import io.spreadflow.connectors.replay.ReplaySpeed;
import io.spreadflow.connectors.replay.TickPublisher;
import io.spreadflow.schemas.BookTicker;
import org.apache.kafka.common.errors.InterruptException;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a {@link SyntheticMarket} live: ticks go out at the market's rate in real time, each stamped
 * with the wall-clock receive time (µs) at which it is sent, as a live feed would stamp it. The
 * market's dynamics advance in its own event time, which the pacing keeps in step with the wall clock.
 *
 * <pre>{@code
 * try (TickPublisher out = new TickPublisher(bootstrap);
 *      SyntheticFeed feed = SyntheticFeed.toKafka(new SyntheticMarket(settings), out).start()) {
 *     ...
 * }
 * }</pre>
 */
public final class SyntheticFeed implements AutoCloseable {

    private final SyntheticMarket market;
    private final Consumer<BookTicker> sink;
    private final Runnable flush;
    private final long maxTicks;
    private final Clock clock;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Thread thread;
    private volatile long sent;
    private volatile Throwable failure;
    private long lastReceiveUs = Long.MIN_VALUE;

    /**
     * @param market   the generator
     * @param sink     where each restamped tick goes
     * @param flush    called when the feed stops, to push out what the sink buffers
     * @param maxTicks stop after this many ticks ({@link Long#MAX_VALUE}: until closed)
     * @param clock    the wall clock that stamps receive times
     */
    public SyntheticFeed(SyntheticMarket market, Consumer<BookTicker> sink, Runnable flush, long maxTicks, Clock clock) {
        this.market = Objects.requireNonNull(market, "market");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.flush = Objects.requireNonNull(flush, "flush");
        if (maxTicks < 1) throw new IllegalArgumentException("maxTicks must be ≥ 1");
        this.maxTicks = maxTicks;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A feed into Kafka through {@code publisher}, until closed. */
    public static SyntheticFeed toKafka(SyntheticMarket market, TickPublisher publisher) {
        return new SyntheticFeed(market, publisher::publish, publisher::flush, Long.MAX_VALUE, Clock.systemUTC());
    }

    /** A feed into Kafka that stops by itself after {@code maxTicks}. */
    public static SyntheticFeed toKafka(SyntheticMarket market, TickPublisher publisher, long maxTicks) {
        return new SyntheticFeed(market, publisher::publish, publisher::flush, maxTicks, Clock.systemUTC());
    }

    /** Starts sending on a daemon thread. */
    public synchronized SyntheticFeed start() {
        if (thread != null) throw new IllegalStateException("already started");
        thread = new Thread(this::run, "synthetic-feed");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Sends on the calling thread until {@code maxTicks} are out or the thread is interrupted. */
    public void run() {
        EventTimePacer pacer = new EventTimePacer(ReplaySpeed.REAL_TIME);
        try {
            while (sent < maxTicks && !Thread.currentThread().isInterrupted()) {
                BookTicker t = market.next();
                pacer.awaitDue(t.getReceiveTsUs());
                sink.accept(restamp(t));
                sent++;
            }
        } catch (InterruptedException | InterruptException e) {
            // closed: stop quietly
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            // the interrupt that closed the feed must not abort the final flush
            Thread.interrupted();
            try {
                flush.run();
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
            }
            finished.countDown();
        }
    }

    private BookTicker restamp(BookTicker t) {
        Instant now = clock.instant();
        long us = Math.max(lastReceiveUs, now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000);
        lastReceiveUs = us;
        Long exchange = t.getExchangeTsUs() == null ? null : us - (t.getReceiveTsUs() - t.getExchangeTsUs());
        t.setReceiveTsUs(us);
        t.setExchangeTsUs(exchange);
        return t;
    }

    /** Ticks handed to the sink so far. */
    public long sent() {
        return sent;
    }

    /** Waits until the feed has stopped by itself (after {@code maxTicks}) or was closed. */
    public boolean awaitFinished(long timeout, TimeUnit unit) throws InterruptedException {
        return finished.await(timeout, unit);
    }

    /** The error that stopped the feed, if any. */
    public Throwable failure() {
        return failure;
    }

    /** Stops the feed and waits for it to flush. */
    @Override
    public void close() throws InterruptedException {
        Thread t = thread;
        if (t == null) return;
        t.interrupt();
        finished.await(30, TimeUnit.SECONDS);
    }
}
