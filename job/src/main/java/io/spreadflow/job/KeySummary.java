package io.spreadflow.job;

import io.spreadflow.engine.report.SpreadTracker;
import io.spreadflow.job.source.EngineInput;

/** What a backtest's report needs of one key, kept in one state entry read and written once per tick. */
final class KeySummary {
    final String instrument;
    final SpreadTracker spreads;
    long ticks;
    long firstTsUs;
    long lastTsUs;

    KeySummary(String instrument, SpreadTracker spreads, long tsUs) {
        this.instrument = instrument;
        this.spreads = spreads;
        this.firstTsUs = tsUs;
        this.lastTsUs = tsUs;
    }

    void add(EngineInput t) {
        if (spreads != null) spreads.onQuote(t.venue, t.receiveTsUs, t.bidPrice, t.askPrice);
        ticks++;
        firstTsUs = Math.min(firstTsUs, t.receiveTsUs);
        lastTsUs = Math.max(lastTsUs, t.receiveTsUs);
    }
}
