package io.spreadflow.execution.venue;

import java.time.Duration;

/**
 * A venue's request-weight budget: {@code weightPerWindow} units refill evenly over {@code window}
 * (a token bucket), each request takes its documented weight before it is sent, and a 429 or 418
 * answer pauses the whole budget for the time the venue asks for. Shared by every call to one venue.
 */
public final class RateBudget {

    private final String venue;
    private final double capacity;
    private final double perNano;
    private double tokens;
    private long refilledAt;
    private long pausedUntil;

    public RateBudget(String venue, int weightPerWindow, Duration window) {
        if (weightPerWindow < 1) throw new IllegalArgumentException("weightPerWindow must be ≥ 1, was " + weightPerWindow);
        this.venue = venue;
        this.capacity = weightPerWindow;
        this.perNano = weightPerWindow / (double) window.toNanos();
        this.tokens = weightPerWindow;
        this.refilledAt = System.nanoTime();
        this.pausedUntil = refilledAt;
    }

    /**
     * Takes {@code weight}, waiting for the refill or the end of a pause; refuses when that wait would
     * exceed {@code maxWait}, so an intent never stalls behind a long ban.
     */
    public void acquire(int weight, Duration maxWait) throws VenueException, InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        synchronized (this) {
            while (true) {
                long now = System.nanoTime();
                tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
                refilledAt = now;
                long readyAt = Math.max(pausedUntil, tokens >= weight ? now : now + (long) ((weight - tokens) / perNano));
                if (readyAt <= now) {
                    tokens -= weight;
                    return;
                }
                if (readyAt > deadline) {
                    throw VenueException.rejected(RejectReason.RATE_LIMITED, venue + " request budget exhausted for "
                            + Duration.ofNanos(readyAt - now).toMillis() + " ms more");
                }
                long waitNs = readyAt - now;
                wait(waitNs / 1_000_000, (int) (waitNs % 1_000_000));
            }
        }
    }

    /** After a 429/418: nothing is sent for {@code d}. */
    public synchronized void pause(Duration d) {
        pausedUntil = Math.max(pausedUntil, System.nanoTime() + d.toNanos());
    }

    @Override
    public String toString() {
        return "RateBudget[" + venue + ", " + (long) capacity + "]";
    }
}
