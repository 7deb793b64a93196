package io.spreadflow.job.serde;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

import java.io.Serializable;
import java.util.Objects;

/** The Flink type of a value kept or moved with one of the project's {@link VersionedSerializer}s. */
public final class VersionedType<T> extends TypeInformation<T> {

    private static final long serialVersionUID = 1L;

    /** Makes the type's serializer (a constructor reference). */
    @FunctionalInterface
    public interface Factory<T> extends Serializable {
        VersionedSerializer<T> create();
    }

    private final Class<T> type;
    private final Factory<T> serializers;

    public VersionedType(Class<T> type, Factory<T> serializers) {
        this.type = Objects.requireNonNull(type);
        this.serializers = Objects.requireNonNull(serializers);
    }

    @Override public boolean isBasicType() { return false; }
    @Override public boolean isTupleType() { return false; }
    @Override public int getArity() { return 1; }
    @Override public int getTotalFields() { return 1; }
    @Override public Class<T> getTypeClass() { return type; }
    @Override public boolean isKeyType() { return false; }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return serializers.create();
    }

    @Override public String toString() { return "Versioned<" + type.getName() + ">"; }
    @Override public boolean equals(Object o) { return o instanceof VersionedType<?> t && t.type.equals(type); }
    @Override public int hashCode() { return type.hashCode(); }
    @Override public boolean canEqual(Object o) { return o instanceof VersionedType; }
}
