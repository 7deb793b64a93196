package io.spreadflow.backtest;

import org.apache.flink.api.connector.source.SourceSplit;

import java.io.Serializable;
import java.util.List;

/**
 * All tick files of a backtest as one split per engine subtask: each merges every file into one
 * time-ordered stream (ties in file-argument order, then line order) and keeps the keys its
 * {@link TickRouting} names. {@code skip} is how many events a restored reader has already emitted.
 *
 * @param replicas copies of every tick under distinct instruments ({@code BTC-USDT} → {@code BTC0-USDT},
 *                 {@code BTC1-USDT}, …), to scale a recording to many instruments; 1 = as recorded
 */
public record TickFileSplit(List<String> files, int replicas, long skip, TickRouting routing)
        implements SourceSplit, Serializable {

    public TickFileSplit {
        files = List.copyOf(files);
        if (replicas < 1) throw new IllegalArgumentException("replicas must be >= 1");
    }

    @Override
    public String splitId() {
        return "tick-files-" + routing.group();
    }

    public TickCursor cursor() {
        return new TickCursor(files, replicas, skip, routing);
    }
}
