package io.spreadflow.bench;

import io.spreadflow.connectors.synthetic.SyntheticMarket;
import io.spreadflow.schemas.BookTicker;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The pacing of the harnesses' tick producers: the market's next tick every {@code 1 / rate} seconds for a given
 * time, each stamped with the wall-clock time it is sent (its receive time, µs, strictly increasing) and without
 * an exchange time.
 */
final class SteadyTicks {

    private SteadyTicks() {}

    /** Hands {@code rate × seconds} ticks to {@code send} at a steady rate; returns how many. */
    static long send(SyntheticMarket market, double rate, int seconds, Consumer<BookTicker> send) {
        long periodNs = Math.round(1e9 / rate);
        long n = Math.round(rate * seconds);
        long lastTs = 0;
        long start = System.nanoTime();
        for (long i = 0; i < n; i++) {
            long due = start + i * periodNs;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(Math.min(wait, 200_000));
            long ts = Math.max(lastTs + 1, LatencyFeed.nowUs());
            lastTs = ts;
            send.accept(BookTicker.newBuilder(market.next()).setReceiveTsUs(ts).setExchangeTsUs(null).build());
        }
        return n;
    }
}
