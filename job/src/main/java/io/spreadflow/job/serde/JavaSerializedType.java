package io.spreadflow.job.serde;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

import java.io.Serializable;
import java.util.Objects;

/**
 * Flink type of an engine object ({@link io.spreadflow.engine.InstrumentState},
 * {@link io.spreadflow.engine.accounting.Trade}) kept through Java serialization. The engine owns
 * these types and their evolution ({@code serialVersionUID}); Flink only stores the bytes.
 */
public final class JavaSerializedType<T extends Serializable> extends TypeInformation<T> {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;

    public JavaSerializedType(Class<T> type) {
        this.type = Objects.requireNonNull(type);
    }

    @Override public boolean isBasicType() { return false; }
    @Override public boolean isTupleType() { return false; }
    @Override public int getArity() { return 1; }
    @Override public int getTotalFields() { return 1; }
    @Override public Class<T> getTypeClass() { return type; }
    @Override public boolean isKeyType() { return false; }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return new JavaObjectSerializer<>(type);
    }

    @Override public String toString() { return "JavaSerialized<" + type.getName() + ">"; }
    @Override public boolean equals(Object o) { return o instanceof JavaSerializedType<?> t && t.type.equals(type); }
    @Override public int hashCode() { return type.hashCode(); }
    @Override public boolean canEqual(Object o) { return o instanceof JavaSerializedType; }
}
