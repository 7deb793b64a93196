package io.spreadflow.job.source;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

import java.lang.reflect.Type;
import java.util.Map;

/**
 * The Flink type of {@link EngineInput}: the hand-written {@link EngineInputSerializer} instead of the
 * reflective POJO serializer. {@link EngineInput} names it in {@code @TypeInfo}, so every stream of ticks
 * gets it without asking.
 */
public final class EngineInputType extends TypeInformation<EngineInput> {

    private static final long serialVersionUID = 1L;

    public static final EngineInputType INSTANCE = new EngineInputType();

    @Override public boolean isBasicType() { return false; }
    @Override public boolean isTupleType() { return false; }
    @Override public int getArity() { return 1; }
    @Override public int getTotalFields() { return 1; }
    @Override public Class<EngineInput> getTypeClass() { return EngineInput.class; }
    @Override public boolean isKeyType() { return false; }

    @Override
    public TypeSerializer<EngineInput> createSerializer(SerializerConfig config) {
        return new EngineInputSerializer();
    }

    @Override public String toString() { return "EngineInput"; }
    @Override public boolean equals(Object o) { return o instanceof EngineInputType; }
    @Override public int hashCode() { return EngineInputType.class.hashCode(); }
    @Override public boolean canEqual(Object o) { return o instanceof EngineInputType; }

    /** Lets {@code @TypeInfo} on {@link EngineInput} resolve to this type. */
    public static final class Factory extends TypeInfoFactory<EngineInput> {
        @Override
        public TypeInformation<EngineInput> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return INSTANCE;
        }
    }
}
