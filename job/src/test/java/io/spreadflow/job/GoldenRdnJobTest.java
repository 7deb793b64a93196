package io.spreadflow.job;

import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.golden.GoldenCase;
import io.spreadflow.engine.strategy.StrategyRegistry;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import io.spreadflow.schemas.OrderIntent;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The golden cases through the whole Flink workflow ({@link Workflow#defineWorkflow}) on a
 * MiniCluster: a bounded source of the case's ticks, the keyed engine, the end of input closing the
 * last bar. The trades must equal {@code expected_trades.csv}: same rows in the same order, labels and
 * times exact, numbers within 1e-9 relative. Every case whose strategy is registered runs (the RDN case
 * {@code rdn_lunc_1s_real} first among them). Generic (Kryo) types are disabled, so any record type
 * without a declared serializer fails the job.
 */
class GoldenRdnJobTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TestFactory
    Stream<DynamicTest> everyGoldenCaseThroughTheJob() {
        StrategyRegistry registry = StrategyRegistry.load();
        List<GoldenCase> cases = GoldenCase.all().stream().filter(c -> registry.contains(c.strategy())).toList();
        assertThat(cases).as("golden cases with a registered strategy").isNotEmpty()
                .anySatisfy(c -> assertThat(c.name()).isEqualTo("rdn_lunc_1s_real"));
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(GoldenCase c) throws Exception {
        List<BookTicker> ticks = c.ticks();
        Configuration options = JobOptions.fromArgs("--state-backend", "HASHMAP", "--checkpoint-interval", "0 ms");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(SpreadflowJob.flinkConfiguration(options));
        // one source reader keeps the case's tick order, as one Kafka partition would
        env.setParallelism(1);
        AtomicReference<CloseableIterator<Trade>> trades = new AtomicReference<>();
        AtomicReference<CloseableIterator<OrderIntent>> intents = new AtomicReference<>();
        AtomicReference<CloseableIterator<DeadLetter>> deadLetters = new AtomicReference<>();
        Workflow.defineWorkflow(env, BoundedTicks.ticks(ticks), null, EngineFactory.of(c.config()), JobSinks.none()
                .withTrades(s -> trades.set(s.collectAsync()))
                .withIntents(s -> intents.set(s.collectAsync()))
                .withDeadLetters(s -> deadLetters.set(s.collectAsync())));
        env.executeAsync("golden " + c.name());
        List<Trade> actual = drain(trades.get());
        List<OrderIntent> intentList = drain(intents.get());
        assertThat(drain(deadLetters.get())).as("dead letters").isEmpty();

        int rows = c.assertReproducedBy(actual);
        assertThat(intentList).as("every trade went through intents").hasSizeGreaterThanOrEqualTo(rows);
    }

    private static <T> List<T> drain(CloseableIterator<T> it) throws Exception {
        List<T> out = new ArrayList<>();
        try (it) {
            it.forEachRemaining(out::add);
        }
        return out;
    }
}
