package io.spreadflow.backtest;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceEnumerator;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceReader;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A bounded source over tick files (canonical or Binance CSV, optionally gzipped), merged by receive
 * time into one stream. Run it with parallelism 1: the merge order is what makes a backtest
 * reproducible.
 */
public final class TickFileSource implements Source<TickEvent, TickFileSplit, Collection<TickFileSplit>> {

    private final TickFileSplit split;

    public TickFileSource(List<Path> files, int replicas) {
        List<String> names = new ArrayList<>();
        for (Path p : files) {
            if (!Files.isRegularFile(p)) throw new IllegalArgumentException("input file not found: " + p);
            names.add(p.toAbsolutePath().toString());
        }
        if (names.isEmpty()) throw new IllegalArgumentException("no input files");
        this.split = new TickFileSplit(names, replicas, 0);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<TickEvent, TickFileSplit> createReader(SourceReaderContext ctx) {
        return new IteratorSourceReader<>(ctx);
    }

    @Override
    public SplitEnumerator<TickFileSplit, Collection<TickFileSplit>> createEnumerator(SplitEnumeratorContext<TickFileSplit> ctx) {
        return new IteratorSourceEnumerator<>(ctx, List.of(split));
    }

    @Override
    public SplitEnumerator<TickFileSplit, Collection<TickFileSplit>> restoreEnumerator(
            SplitEnumeratorContext<TickFileSplit> ctx, Collection<TickFileSplit> checkpoint) {
        return new IteratorSourceEnumerator<>(ctx, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<TickFileSplit> getSplitSerializer() {
        return new JavaSerializer<>();
    }

    @Override
    public SimpleVersionedSerializer<Collection<TickFileSplit>> getEnumeratorCheckpointSerializer() {
        return new JavaSerializer<>();
    }

    /** Splits are a few paths and a counter: Java serialization is plenty. */
    private static final class JavaSerializer<T> implements SimpleVersionedSerializer<T> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(T obj) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(obj instanceof Collection<?> c ? new ArrayList<>(c) : obj);
            }
            return bytes.toByteArray();
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(int version, byte[] serialized) throws IOException {
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialized))) {
                return (T) in.readObject();
            } catch (ClassNotFoundException e) {
                throw new IOException(e);
            }
        }
    }
}
