package io.spreadflow.backtest;

import io.spreadflow.job.source.EngineInput;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A bounded source over tick files (canonical or Binance CSV, optionally gzipped, or Avro), read through
 * connectors' {@link io.spreadflow.connectors.files.TickFileReader} and merged by receive
 * time into one stream: the merge order is what makes a backtest reproducible. Run it with the engine's
 * parallelism: subtask {@code i} reads the split of routing group {@code i}, which holds exactly the
 * keys of engine subtask {@code i} (see {@link TickRouting}), so the two chain without a shuffle.
 */
public final class TickFileSource implements Source<EngineInput, TickFileSplit, Collection<TickFileSplit>> {

    private final List<TickFileSplit> splits = new ArrayList<>();

    public TickFileSource(List<Path> files, int replicas) {
        this(files, replicas, TickRouting.SINGLE);
    }

    /** {@code routing} names the parameter sets and the groups; one split per group. */
    public TickFileSource(List<Path> files, int replicas, TickRouting routing) {
        List<String> names = new ArrayList<>();
        for (Path p : files) {
            if (!Files.isRegularFile(p)) throw new IllegalArgumentException("input file not found: " + p);
            names.add(p.toAbsolutePath().toString());
        }
        if (names.isEmpty()) throw new IllegalArgumentException("no input files");
        for (int g = 0; g < routing.groups(); g++) splits.add(new TickFileSplit(names, replicas, 0, routing.forGroup(g)));
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<EngineInput, TickFileSplit> createReader(SourceReaderContext ctx) {
        return new TickSplitReader(ctx);
    }

    @Override
    public SplitEnumerator<TickFileSplit, Collection<TickFileSplit>> createEnumerator(SplitEnumeratorContext<TickFileSplit> ctx) {
        return new GroupEnumerator(ctx, splits);
    }

    @Override
    public SplitEnumerator<TickFileSplit, Collection<TickFileSplit>> restoreEnumerator(
            SplitEnumeratorContext<TickFileSplit> ctx, Collection<TickFileSplit> checkpoint) {
        return new GroupEnumerator(ctx, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<TickFileSplit> getSplitSerializer() {
        return new TickFileSplitSerializer.Split();
    }

    @Override
    public SimpleVersionedSerializer<Collection<TickFileSplit>> getEnumeratorCheckpointSerializer() {
        return new TickFileSplitSerializer.Pending();
    }

    /** Hands each subtask the split of its own group, and then no more. */
    private static final class GroupEnumerator implements SplitEnumerator<TickFileSplit, Collection<TickFileSplit>> {
        private final SplitEnumeratorContext<TickFileSplit> ctx;
        private final List<TickFileSplit> pending;

        GroupEnumerator(SplitEnumeratorContext<TickFileSplit> ctx, Collection<TickFileSplit> pending) {
            this.ctx = ctx;
            this.pending = new ArrayList<>(pending);
        }

        @Override
        public void start() {}

        @Override
        public void handleSplitRequest(int subtask, String host) {
            for (int i = 0; i < pending.size(); i++) {
                TickFileSplit s = pending.get(i);
                if (s.routing().group() == subtask) {
                    pending.remove(i);
                    ctx.assignSplit(s, subtask);
                    return;
                }
            }
            ctx.signalNoMoreSplits(subtask);
        }

        @Override
        public void addSplitsBack(List<TickFileSplit> back, int subtask) {
            pending.addAll(back);
        }

        @Override
        public void addReader(int subtask) {}

        @Override
        public Collection<TickFileSplit> snapshotState(long checkpointId) {
            return new ArrayList<>(pending);
        }

        @Override
        public void close() {}
    }
}
