package io.spreadflow.job.serde;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A serializer of the project's own format: every value starts with the format version it was written
 * in, and the reader reads every version up to the current one, so a newer serializer restores older
 * state. Its snapshot records the serializer class, the format version and the Avro schemas of records
 * embedded in the values; restoring from an older format or older schemas is
 * {@linkplain TypeSerializerSchemaCompatibility#compatibleAfterMigration() compatible after migration}
 * (Flink rewrites the state in the current format), a later format is incompatible.
 *
 * <p>Subclasses need a public no-argument constructor (the current format) and, when they embed Avro
 * records, {@link #withWriterSchemas} to read values written with older schemas.
 */
public abstract class VersionedSerializer<T> extends TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    /** The format version this serializer writes. */
    protected abstract int formatVersion();

    /** Schemas of Avro records embedded in the values, in a fixed order; none by default. */
    protected List<Schema> embeddedSchemas() {
        return List.of();
    }

    /** A serializer reading values written with these embedded schemas (same order as {@link #embeddedSchemas}). */
    protected VersionedSerializer<T> withWriterSchemas(List<Schema> writerSchemas) {
        return this;
    }

    @Override
    public abstract VersionedSerializer<T> duplicate();

    @Override public boolean isImmutableType() { return false; }
    @Override public T createInstance() { return null; }
    @Override public int getLength() { return -1; }

    /** A deep copy through the stored form: the engine's states are mutable object graphs. */
    @Override
    public T copy(T from) {
        if (from == null) return null;
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serialize(from, out);
            return deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy a " + getClass().getSimpleName() + " value", e);
        }
    }

    @Override public T copy(T from, T reuse) { return copy(from); }

    @Override public T deserialize(T reuse, DataInputView source) throws IOException { return deserialize(source); }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((VersionedSerializer<?>) o).embeddedSchemas().equals(embeddedSchemas());
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new Snapshot<>(getClass().getName(), formatVersion(), embeddedSchemas());
    }

    /** Records the serializer, its format version and its embedded schemas. */
    public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {
        private String serializerClass;
        private int format;
        private List<Schema> schemas;
        private ClassLoader loader = Snapshot.class.getClassLoader();

        public Snapshot() {}

        Snapshot(String serializerClass, int format, List<Schema> schemas) {
            this.serializerClass = serializerClass;
            this.format = format;
            this.schemas = schemas;
        }

        /** The format version the snapshotted state was written in. */
        public int formatVersion() {
            return format;
        }

        @Override public int getCurrentVersion() { return 1; }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(serializerClass);
            out.writeInt(format);
            out.writeInt(schemas.size());
            for (Schema s : schemas) {
                byte[] json = s.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.writeInt(json.length);
                out.write(json);
            }
        }

        @Override
        public void readSnapshot(int version, DataInputView in, ClassLoader userCodeClassLoader) throws IOException {
            if (version != 1) throw new IOException("unknown snapshot version " + version + " of " + getClass().getName());
            loader = userCodeClassLoader;
            serializerClass = in.readUTF();
            format = in.readInt();
            int n = in.readInt();
            if (n < 0 || n > 64) throw new IOException("damaged serializer snapshot: " + n + " schemas");
            schemas = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int len = in.readInt();
                if (len < 0 || len > 1 << 24) throw new IOException("damaged serializer snapshot: schema of " + len + " bytes");
                byte[] json = new byte[len];
                in.readFully(json);
                schemas.add(new Schema.Parser().parse(new String(json, java.nio.charset.StandardCharsets.UTF_8)));
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public TypeSerializer<T> restoreSerializer() {
            VersionedSerializer<T> current = current();
            return schemas.equals(current.embeddedSchemas()) ? current : current.withWriterSchemas(schemas);
        }

        @SuppressWarnings("unchecked")
        private VersionedSerializer<T> current() {
            try {
                return (VersionedSerializer<T>) InstantiationUtil.instantiate(Class.forName(serializerClass, true, loader));
            } catch (ClassNotFoundException | RuntimeException e) {
                throw new IllegalStateException("the state serializer " + serializerClass + " is no longer on the class path", e);
            }
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
            if (!(oldSnapshot instanceof Snapshot<T> old) || !Objects.equals(old.serializerClass, serializerClass)) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            if (old.format > format || old.schemas.size() != schemas.size()) return TypeSerializerSchemaCompatibility.incompatible();
            for (int i = 0; i < schemas.size(); i++) {
                SchemaCompatibility.SchemaCompatibilityType c = SchemaCompatibility
                        .checkReaderWriterCompatibility(schemas.get(i), old.schemas.get(i)).getType();
                if (c != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) return TypeSerializerSchemaCompatibility.incompatible();
            }
            return old.format == format && old.schemas.equals(schemas)
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
    }
}
