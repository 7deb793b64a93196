package io.spreadflow.connectors.feed;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of one feed adapter, readable while it runs. */
public final class FeedMetrics {
    final AtomicLong frames = new AtomicLong();
    final AtomicLong ticks = new AtomicLong();
    final AtomicLong deadLetters = new AtomicLong();
    final AtomicLong connects = new AtomicLong();
    final AtomicLong disconnects = new AtomicLong();
    final AtomicLong heartbeatsSent = new AtomicLong();
    final AtomicLong staleEvents = new AtomicLong();
    final AtomicLong gaps = new AtomicLong();
    final AtomicLong regressions = new AtomicLong();
    final AtomicLong publishFailures = new AtomicLong();
    volatile long publishFailingSinceMs;
    volatile String lastPublishError;

    public long frames() {
        return frames.get();
    }

    /** Ticks the publisher confirmed as written (acknowledged by Kafka), not merely handed over. */
    public long ticks() {
        return ticks.get();
    }

    /** Ticks that were accepted from the venue but could not be published. */
    public long publishFailures() {
        return publishFailures.get();
    }

    /** When publishing began failing (epoch ms), or 0 while ticks are published. */
    public long publishFailingSinceMs() {
        return publishFailingSinceMs;
    }

    /** The error of the latest publish failure, or null. */
    public String lastPublishError() {
        return lastPublishError;
    }

    public long deadLetters() {
        return deadLetters.get();
    }

    /** Successful connections, the first one included. */
    public long connects() {
        return connects.get();
    }

    public long disconnects() {
        return disconnects.get();
    }

    public long heartbeatsSent() {
        return heartbeatsSent.get();
    }

    /** How many times an instrument went stale. */
    public long staleEvents() {
        return staleEvents.get();
    }

    public long gaps() {
        return gaps.get();
    }

    /** Quotes whose update id was not after the previous one's (dead-lettered). */
    public long regressions() {
        return regressions.get();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("frames", frames());
        m.put("ticks", ticks());
        m.put("deadLetters", deadLetters());
        m.put("connects", connects());
        m.put("disconnects", disconnects());
        m.put("heartbeatsSent", heartbeatsSent());
        m.put("staleEvents", staleEvents());
        m.put("gaps", gaps());
        m.put("regressions", regressions());
        m.put("publishFailures", publishFailures());
        m.put("publishFailingSinceMs", publishFailingSinceMs());
        return m;
    }
}
