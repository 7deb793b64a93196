package io.spreadflow.backtest;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The checkpointed form of tick-file splits and of the enumerator's pending splits, field by field:
 * the files, replicas, events already emitted and the routing. Version 1 is the first explicit format.
 */
final class TickFileSplitSerializer {

    static final int VERSION = 1;
    private static final int MAX_FILES = 1 << 20;

    private TickFileSplitSerializer() {}

    static void write(DataOutputView out, TickFileSplit s) throws IOException {
        out.writeInt(s.files().size());
        for (String f : s.files()) out.writeUTF(f);
        out.writeInt(s.replicas());
        out.writeLong(s.skip());
        TickRouting r = s.routing();
        out.writeInt(r.sets());
        out.writeInt(r.group());
        out.writeInt(r.groups());
        out.writeInt(r.maxParallelism());
    }

    static TickFileSplit read(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_FILES) throw new IOException("damaged tick-file split: " + n + " files");
        List<String> files = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) files.add(in.readUTF());
        int replicas = in.readInt();
        long skip = in.readLong();
        try {
            return new TickFileSplit(files, replicas, skip, new TickRouting(in.readInt(), in.readInt(), in.readInt(), in.readInt()));
        } catch (IllegalArgumentException e) {
            throw new IOException("damaged tick-file split: " + e.getMessage(), e);
        }
    }

    private static void check(int version) throws IOException {
        if (version != VERSION) throw new IOException("tick-file split of version " + version + "; this code reads version " + VERSION);
    }

    /** One split. */
    static final class Split implements SimpleVersionedSerializer<TickFileSplit> {
        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(TickFileSplit split) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(128);
            write(out, split);
            return out.getCopyOfBuffer();
        }

        @Override
        public TickFileSplit deserialize(int version, byte[] serialized) throws IOException {
            check(version);
            return read(new DataInputDeserializer(serialized));
        }
    }

    /** The enumerator's splits not yet assigned. */
    static final class Pending implements SimpleVersionedSerializer<Collection<TickFileSplit>> {
        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(Collection<TickFileSplit> splits) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(256);
            out.writeInt(splits.size());
            for (TickFileSplit s : splits) write(out, s);
            return out.getCopyOfBuffer();
        }

        @Override
        public Collection<TickFileSplit> deserialize(int version, byte[] serialized) throws IOException {
            check(version);
            DataInputDeserializer in = new DataInputDeserializer(serialized);
            int n = in.readInt();
            if (n < 0 || n > MAX_FILES) throw new IOException("damaged tick-file enumerator state: " + n + " splits");
            List<TickFileSplit> splits = new ArrayList<>(Math.min(n, 1024));
            for (int i = 0; i < n; i++) splits.add(read(in));
            return splits;
        }
    }
}
