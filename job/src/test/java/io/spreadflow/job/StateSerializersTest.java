package io.spreadflow.job;

import io.spreadflow.backtest.BacktestInput;
import io.spreadflow.backtest.BacktestJob;
import io.spreadflow.engine.ThresholdStrategy;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.job.serde.VersionedSerializer;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedBackendSerializationProxy;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.AbstractUdfStreamOperator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.spreadflow.engine.Ticks.FUT;
import static io.spreadflow.engine.Ticks.INSTRUMENT;
import static io.spreadflow.engine.Ticks.SPOT;
import static io.spreadflow.engine.Ticks.tick;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No state and no record of the job's graphs goes through Kryo or Java serialization: every state
 * descriptor of every operator of the live and backtest graphs, every record type between operators,
 * and every state a snapshot of the engine operator actually holds has one of the project's versioned
 * serializers or a Flink or Avro built-in with a snapshot.
 */
class StateSerializersTest {

    private static final StrategyConfig CONFIG = StrategyConfig.builder(ThresholdStrategy.ID)
            .instrument(INSTRUMENT).venues(List.of(SPOT), FUT).param("enter_below", -1.0).param("exit_above", 0.0).build();

    /** Why a serializer (or its snapshot) is not acceptable for state or records, or null when it is. */
    static String refusal(String className) {
        if (className.contains("Kryo")) return "Kryo";
        if (className.contains("JavaSerializer") || className.contains("JavaObjectSerializer")) return "Java serialization";
        if (!className.startsWith("io.spreadflow.") && !className.startsWith("org.apache.flink.")) return "not a known versioned serializer";
        return null;
    }

    static void assertVersioned(String where, TypeSerializer<?> s) {
        assertThat(refusal(s.getClass().getName())).as(where + ": " + s.getClass().getName()).isNull();
        // sinks' committables: Flink's wrapper of a SimpleVersionedSerializer, versioned by that interface
        if (s instanceof org.apache.flink.core.io.SimpleVersionedSerializerTypeSerializerProxy<?>) return;
        assertVersioned(where, s.snapshotConfiguration());
    }

    static void assertVersioned(String where, TypeSerializerSnapshot<?> snapshot) {
        assertThat(snapshot).as(where + " has a snapshot").isNotNull();
        assertThat(refusal(snapshot.getClass().getName())).as(where + ": " + snapshot.getClass().getName()).isNull();
        if (snapshot instanceof CompositeTypeSerializerSnapshot<?, ?> c) {
            for (TypeSerializerSnapshot<?> nested : c.getNestedSerializerSnapshots()) assertVersioned(where + " (nested)", nested);
        }
    }

    /** Every {@link StateDescriptor} a class or its superclasses declare, static or on {@code instance}. */
    static Map<String, StateDescriptor<?, ?>> descriptors(Object instance) throws IllegalAccessException {
        Map<String, StateDescriptor<?, ?>> found = new LinkedHashMap<>();
        for (Class<?> c = instance.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!StateDescriptor.class.isAssignableFrom(f.getType())) continue;
                f.setAccessible(true);
                Object d = f.get(Modifier.isStatic(f.getModifiers()) ? null : instance);
                if (d != null) found.put(c.getSimpleName() + "." + f.getName(), (StateDescriptor<?, ?>) d);
            }
        }
        return found;
    }

    /** The {@code Source} or {@code Sink} an operator factory runs, or null. */
    static Object fieldOf(Object factory, Class<?> type) throws IllegalAccessException {
        for (Class<?> c = factory.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (type.isAssignableFrom(f.getType()) && !Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    return f.get(factory);
                }
            }
        }
        return null;
    }

    /** Checks a graph's records and its operators' state descriptors; returns the descriptors' state names. */
    static Set<String> checkGraph(String name, StreamGraph graph) throws Exception {
        Set<String> states = new TreeSet<>();
        for (StreamNode node : graph.getStreamNodes()) {
            String where = name + " / " + node.getOperatorName();
            if (node.getTypeSerializerOut() != null) assertVersioned(where + " output", node.getTypeSerializerOut());
            for (TypeSerializer<?> in : node.getTypeSerializersIn()) if (in != null) assertVersioned(where + " input", in);
            if (node.getStateKeySerializer() != null) assertVersioned(where + " key", node.getStateKeySerializer());
            StreamOperatorFactory<?> factory = node.getOperatorFactory();
            List<Object> holders = new ArrayList<>();
            if (factory instanceof SimpleOperatorFactory<?> s) {
                holders.add(s.getOperator());
                if (s.getOperator() instanceof AbstractUdfStreamOperator<?, ?> udf) holders.add(udf.getUserFunction());
            }
            List<Object> versioned = new ArrayList<>();
            if (fieldOf(factory, org.apache.flink.api.connector.source.Source.class) instanceof org.apache.flink.api.connector.source.Source<?, ?, ?> src) {
                versioned.add(src.getSplitSerializer());
                versioned.add(src.getEnumeratorCheckpointSerializer());
            }
            Object sink = fieldOf(factory, org.apache.flink.api.connector.sink2.Sink.class);
            if (sink instanceof org.apache.flink.api.connector.sink2.SupportsWriterState<?, ?> w) versioned.add(w.getWriterStateSerializer());
            if (sink instanceof org.apache.flink.api.connector.sink2.SupportsCommitter<?> c) versioned.add(c.getCommittableSerializer());
            for (Object ser : versioned) {
                assertThat(refusal(ser.getClass().getName())).as(where + " source or sink state: " + ser.getClass().getName()).isNull();
                states.add("state of " + ser.getClass().getName());
            }
            for (Object h : holders) {
                for (Map.Entry<String, StateDescriptor<?, ?>> d : descriptors(h).entrySet()) {
                    d.getValue().initializeSerializerUnlessSet(new org.apache.flink.api.common.ExecutionConfig());
                    assertVersioned(where + " state " + d.getKey(), d.getValue().getSerializer());
                    if (d.getValue() instanceof org.apache.flink.api.common.state.MapStateDescriptor<?, ?> m) {
                        assertVersioned(where + " state " + d.getKey() + " key", m.getKeySerializer());
                        assertVersioned(where + " state " + d.getKey() + " value", m.getValueSerializer());
                    }
                    states.add(d.getValue().getName());
                }
            }
        }
        return states;
    }

    @Test
    void everyStateAndRecordOfTheLiveAndBacktestGraphsHasAVersionedSerializer() throws Exception {
        Set<String> states = new TreeSet<>();
        for (boolean service : new boolean[] {false, true}) {
            List<String> args = new ArrayList<>(List.of("--bootstrap", "127.0.0.1:1", "--parallelism", "1"));
            if (service) args.addAll(List.of("--spreadflow.execution.endpoint", "http://127.0.0.1:1", "--spreadflow.execution.token", "test-token"));
            Configuration options = JobOptions.fromArgs(args.toArray(String[]::new));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(SpreadflowJob.flinkConfiguration(options));
            SpreadflowJob.defineLiveJob(env, options, EngineFactory.of(CONFIG));
            states.addAll(checkGraph(service ? "live loop" : "live", env.getStreamGraph()));
        }
        Path file = Files.createTempFile("ticks", ".csv");
        try {
            Files.writeString(file, "");
            BacktestJob.Plan plan = new BacktestJob.Plan(CONFIG, new BacktestInput.Files(List.of(file)), RuntimeExecutionMode.STREAMING);
            StreamExecutionEnvironment env = BacktestJob.environment(plan);
            BacktestJob.define(env, plan, EngineFactory.of(CONFIG), events -> events.sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>()));
            states.addAll(checkGraph("backtest", env.getStreamGraph()));
        } finally {
            Files.deleteIfExists(file);
        }
        assertThat(states).as("the engine operator's states and the sources' split states were found")
                .contains(EngineFunction.MARKET.getName(), EngineFunction.BOOK.getName(), EngineFunction.POSITIONS.getName(),
                        EngineFunction.LEGACY_STATE.getName(), EngineFunction.SUMMARY.getName(),
                        "state of io.spreadflow.backtest.TickFileSplitSerializer$Split", "state of io.spreadflow.backtest.TickFileSplitSerializer$Pending")
                .anyMatch(n -> n.startsWith("state of io.spreadflow.job.sink.OrderIntentSink"));
    }

    @Test
    void everyStateInASnapshotOfTheEngineOperatorIsVersioned() throws Exception {
        Map<String, String> seen = new LinkedHashMap<>();
        try (EngineHarness h = new EngineHarness(EngineFactory.of(CONFIG), true)) {
            h.open();
            long t0 = 1_760_000_000_000_000L;
            for (int i = 0; i < 5; i++) {
                h.tick(tick(SPOT, t0 + i * 1_000_000L, 100.0, 100.1));
                h.tick(tick(FUT, t0 + i * 1_000_000L + 1, 98.0, 98.1));
            }
            OperatorSubtaskState snapshot = h.snapshot(1L, 1L);
            for (KeyedStateHandle handle : snapshot.getManagedKeyedState()) {
                assertThat(handle).isInstanceOf(KeyGroupsStateHandle.class);
                try (FSDataInputStream in = ((KeyGroupsStateHandle) handle).openInputStream()) {
                    KeyedBackendSerializationProxy<String> proxy = new KeyedBackendSerializationProxy<>(getClass().getClassLoader());
                    proxy.read(new DataInputViewStreamWrapper(in));
                    assertVersioned("key", proxy.getKeySerializerSnapshot());
                    for (StateMetaInfoSnapshot meta : proxy.getStateMetaInfoSnapshots()) {
                        for (Map.Entry<String, TypeSerializerSnapshot<?>> s : meta.getSerializerSnapshotsImmutable().entrySet()) {
                            assertVersioned(meta.getName() + " " + s.getKey(), s.getValue());
                            seen.put(meta.getName() + " " + s.getKey(), s.getValue().getClass().getName());
                            if (s.getValue() instanceof CompositeTypeSerializerSnapshot<?, ?> c) {
                                TypeSerializerSnapshot<?>[] nested = c.getNestedSerializerSnapshots();
                                for (int i = 0; i < nested.length; i++) {
                                    seen.put(meta.getName() + " " + s.getKey() + " " + i, nested[i].getClass().getName());
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(seen).containsEntry("instrument VALUE_SERIALIZER", VersionedSerializer.Snapshot.class.getName())
                .containsEntry("market VALUE_SERIALIZER", VersionedSerializer.Snapshot.class.getName())
                .containsEntry("book VALUE_SERIALIZER", VersionedSerializer.Snapshot.class.getName())
                // the map state's key (position id) and value (position with its legs)
                .containsEntry("positions VALUE_SERIALIZER 0", org.apache.flink.api.common.typeutils.base.LongSerializer.LongSerializerSnapshot.class.getName())
                .containsEntry("positions VALUE_SERIALIZER 1", VersionedSerializer.Snapshot.class.getName())
                .containsEntry("report VALUE_SERIALIZER", VersionedSerializer.Snapshot.class.getName());
        assertThat(seen.keySet()).anyMatch(k -> k.contains("timer"));
    }

    @Test
    void theCheckRefusesKryoAndJavaSerialization() {
        assertThat(refusal(new org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer<>(Object.class, new SerializerConfigImpl())
                .getClass().getName())).isEqualTo("Kryo");
        assertThat(refusal(org.apache.flink.api.java.typeutils.runtime.kryo.JavaSerializer.class.getName())).isNotNull();
        assertThat(refusal(new File("x").getClass().getName())).isNotNull();
    }
}
