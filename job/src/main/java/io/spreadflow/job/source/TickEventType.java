package io.spreadflow.job.source;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

import java.lang.reflect.Type;
import java.util.Map;

/**
 * The Flink type of {@link TickEvent}: the hand-written {@link TickEventSerializer} instead of the
 * reflective POJO serializer. {@link TickEvent} names it in {@code @TypeInfo}, so every stream of ticks
 * gets it without asking.
 */
public final class TickEventType extends TypeInformation<TickEvent> {

    private static final long serialVersionUID = 1L;

    public static final TickEventType INSTANCE = new TickEventType();

    @Override public boolean isBasicType() { return false; }
    @Override public boolean isTupleType() { return false; }
    @Override public int getArity() { return 1; }
    @Override public int getTotalFields() { return 1; }
    @Override public Class<TickEvent> getTypeClass() { return TickEvent.class; }
    @Override public boolean isKeyType() { return false; }

    @Override
    public TypeSerializer<TickEvent> createSerializer(SerializerConfig config) {
        return new TickEventSerializer();
    }

    @Override public String toString() { return "TickEvent"; }
    @Override public boolean equals(Object o) { return o instanceof TickEventType; }
    @Override public int hashCode() { return TickEventType.class.hashCode(); }
    @Override public boolean canEqual(Object o) { return o instanceof TickEventType; }

    /** Lets {@code @TypeInfo} on {@link TickEvent} resolve to this type. */
    public static final class Factory extends TypeInfoFactory<TickEvent> {
        @Override
        public TypeInformation<TickEvent> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return INSTANCE;
        }
    }
}
