package io.spreadflow.bench;

import io.spreadflow.schemas.IntentPurpose;
import org.HdrHistogram.Histogram;

/**
 * The measured figure of the latency harnesses: for every ENTRY and EXIT intent the service receives after the
 * warm-up, its receipt time (µs) minus the append time of the tick that decided it (HEDGE repairs are not decided
 * on a tick). Thread-safe.
 */
final class IntentLatencies {

    private final LatencyFeed feed;
    private final long measureFromUs;
    private final Histogram latencyUs = new Histogram(60_000_000L, 3);
    private long unmatched;

    IntentLatencies(LatencyFeed feed, long measureFromUs) {
        this.feed = feed;
        this.measureFromUs = measureFromUs;
    }

    /** An intent the service received at {@code receivedUs}, decided on the tick of time {@code eventTsUs}. */
    synchronized void received(IntentPurpose purpose, long eventTsUs, long receivedUs) {
        if (purpose == IntentPurpose.HEDGE) return;
        Long appendMs = feed.appendMs(eventTsUs);
        if (appendMs == null) {
            unmatched++;
            return;
        }
        if (receivedUs < measureFromUs) return;
        latencyUs.recordValue(Math.max(0, receivedUs - appendMs * 1000));
    }

    synchronized String summary() {
        return String.format("tick appended -> intent received (entries and exits after the warm-up): n=%d "
                        + "p50=%.2f ms p99=%.2f ms p99.9=%.2f ms max=%.2f ms (unmatched %d)",
                latencyUs.getTotalCount(), latencyUs.getValueAtPercentile(50) / 1000.0, latencyUs.getValueAtPercentile(99) / 1000.0,
                latencyUs.getValueAtPercentile(99.9) / 1000.0, latencyUs.getMaxValue() / 1000.0, unmatched);
    }
}
