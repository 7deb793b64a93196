package io.spreadflow.job.serde;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

import java.io.IOException;
import java.io.Serializable;

/** Length-prefixed Java serialization, resolved with the user-code class loader. */
public final class JavaObjectSerializer<T extends Serializable> extends TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;

    public JavaObjectSerializer(Class<T> type) {
        this.type = type;
    }

    @Override public boolean isImmutableType() { return false; }
    @Override public TypeSerializer<T> duplicate() { return this; }
    @Override public T createInstance() { return null; }
    @Override public int getLength() { return -1; }

    @Override
    public T copy(T from) {
        if (from == null) return null;
        try {
            return InstantiationUtil.clone(from, Thread.currentThread().getContextClassLoader());
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot copy " + type.getName(), e);
        }
    }

    @Override public T copy(T from, T reuse) { return copy(from); }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        byte[] bytes = InstantiationUtil.serializeObject(record);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        try {
            return type.cast(InstantiationUtil.deserializeObject(bytes, Thread.currentThread().getContextClassLoader()));
        } catch (ClassNotFoundException e) {
            throw new IOException("cannot restore " + type.getName(), e);
        }
    }

    @Override public T deserialize(T reuse, DataInputView source) throws IOException { return deserialize(source); }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int n = source.readInt();
        target.writeInt(n);
        target.write(source, n);
    }

    @Override public boolean equals(Object o) { return o instanceof JavaObjectSerializer<?> s && s.type.equals(type); }
    @Override public int hashCode() { return type.hashCode(); }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new Snapshot<>(type);
    }

    /** Remembers the class; compatible as long as the class name stays (Java serialization versions the rest). */
    public static final class Snapshot<T extends Serializable> implements TypeSerializerSnapshot<T> {
        private Class<T> type;

        public Snapshot() {}

        Snapshot(Class<T> type) {
            this.type = type;
        }

        @Override public int getCurrentVersion() { return 1; }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(type.getName());
        }

        @Override
        @SuppressWarnings("unchecked")
        public void readSnapshot(int version, DataInputView in, ClassLoader loader) throws IOException {
            String name = in.readUTF();
            try {
                type = (Class<T>) Class.forName(name, false, loader);
            } catch (ClassNotFoundException e) {
                throw new IOException("state type " + name + " is no longer on the class path", e);
            }
        }

        @Override public TypeSerializer<T> restoreSerializer() { return new JavaObjectSerializer<>(type); }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
            return old instanceof Snapshot<T> s && s.type.getName().equals(type.getName())
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
