package io.spreadflow.backtest;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ticks and bytes read by file sources running in this JVM (the local MiniCluster), for the progress
 * line a terminal user sees: ticks read, rate and ETA from the share of input bytes consumed.
 */
public final class BacktestProgress {

    private static final AtomicLong TICKS = new AtomicLong();
    private static final AtomicLong BYTES = new AtomicLong();
    private static final AtomicLong TOTAL_BYTES = new AtomicLong();

    private BacktestProgress() {}

    /** {@code ticks} more ticks read and {@code bytes} more input bytes consumed (readers report in batches). */
    static void read(long ticks, long bytes) {
        if (ticks > 0) TICKS.addAndGet(ticks);
        if (bytes > 0) BYTES.addAndGet(bytes);
    }

    static void addTotalBytes(long bytes) {
        TOTAL_BYTES.addAndGet(bytes);
    }

    public static long ticksRead() {
        return TICKS.get();
    }

    /** Starts counting anew for the next run. */
    public static void reset() {
        TICKS.set(0);
        BYTES.set(0);
        TOTAL_BYTES.set(0);
    }

    /** Prints a progress line every second to {@code err} until the returned handle is closed. */
    public static AutoCloseable report(PrintStream err) {
        long start = System.nanoTime();
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(1000);
                    err.print("\r" + line(start));
                    err.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "backtest-progress");
        t.setDaemon(true);
        t.start();
        return () -> {
            t.interrupt();
            t.join(2000);
            err.println("\r" + line(start));
        };
    }

    static String line(long startNanos) {
        double secs = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        long ticks = TICKS.get();
        long done = BYTES.get();
        long total = TOTAL_BYTES.get();
        String eta = "";
        if (total > 0 && done > 0 && done < total) {
            eta = String.format(" ETA %.0f s", secs * (total - done) / done);
        } else if (total > 0 && done >= total) {
            eta = " input read";
        }
        return String.format("ticks read %,d  %.2f M ticks/s  %.0f%%%s   ", ticks, ticks / secs / 1e6,
                total > 0 ? 100.0 * done / total : 0.0, eta);
    }
}
