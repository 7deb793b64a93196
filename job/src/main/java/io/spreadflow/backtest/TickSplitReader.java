package io.spreadflow.backtest;

import io.spreadflow.job.source.EngineInput;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the tick-file splits assigned to one source subtask through their {@link TickCursor}s. Unlike
 * Flink's iterator reader it asks a split's cursor whether it has anything before taking from it: a
 * routing group may own no key of the input at all.
 */
final class TickSplitReader implements SourceReader<EngineInput, TickFileSplit> {

    private final SourceReaderContext ctx;
    private final ArrayDeque<TickFileSplit> remaining = new ArrayDeque<>();
    private CompletableFuture<Void> available = new CompletableFuture<>();
    private TickFileSplit split;
    private TickCursor cursor;
    private boolean noMoreSplits;

    TickSplitReader(SourceReaderContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void start() {
        ctx.sendSplitRequest();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<EngineInput> output) {
        while (true) {
            if (cursor != null) {
                if (cursor.hasNext()) {
                    output.collect(cursor.next());
                    return InputStatus.MORE_AVAILABLE;
                }
                cursor.close();
                cursor = null;
                split = null;
                if (remaining.isEmpty() && !noMoreSplits) ctx.sendSplitRequest();
            }
            if (remaining.isEmpty()) {
                if (noMoreSplits) return InputStatus.END_OF_INPUT;
                available = new CompletableFuture<>();
                return InputStatus.NOTHING_AVAILABLE;
            }
            split = remaining.poll();
            cursor = split.cursor();
        }
    }

    @Override
    public List<TickFileSplit> snapshotState(long checkpointId) {
        List<TickFileSplit> state = new ArrayList<>();
        if (split != null && cursor != null) state.add(new TickFileSplit(split.files(), split.replicas(), cursor.emitted(), split.routing()));
        state.addAll(remaining);
        return state;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<TickFileSplit> splits) {
        remaining.addAll(splits);
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public void close() {
        if (cursor != null) cursor.close();
    }
}
