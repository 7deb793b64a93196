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

    public long frames() {
        return frames.get();
    }

    public long ticks() {
        return ticks.get();
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
        return m;
    }
}
