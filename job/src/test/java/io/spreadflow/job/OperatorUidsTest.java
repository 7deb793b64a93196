package io.spreadflow.job;

import io.spreadflow.engine.ThresholdStrategy;
import io.spreadflow.engine.config.StrategyConfig;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.spreadflow.engine.Ticks.FUT;
import static io.spreadflow.engine.Ticks.INSTRUMENT;
import static io.spreadflow.engine.Ticks.SPOT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A savepoint maps state to operators by uid: the live job's operators keep theirs. A uid that
 * disappears or is renamed orphans that operator's state in every savepoint taken before; changing this
 * list needs a documented migration (or {@code --allowNonRestoredState} when the state is meant to go).
 */
class OperatorUidsTest {

    private static final StrategyConfig CONFIG = StrategyConfig.builder(ThresholdStrategy.ID)
            .instrument(INSTRUMENT).venues(List.of(SPOT), FUT).param("enter_below", -1.0).param("exit_above", 0.0).build();

    /** Operator name → uid of the live job; a node without a uid maps to null. */
    static Map<String, String> uids(boolean service) {
        List<String> args = new ArrayList<>(List.of("--bootstrap", "127.0.0.1:1", "--parallelism", "1"));
        if (service) args.addAll(List.of("--spreadflow.execution.endpoint", "http://127.0.0.1:1", "--spreadflow.execution.token", "t"));
        Configuration options = JobOptions.fromArgs(args.toArray(String[]::new));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(SpreadflowJob.flinkConfiguration(options));
        SpreadflowJob.defineLiveJob(env, options, EngineFactory.of(CONFIG));
        StreamGraph graph = env.getStreamGraph();
        Map<String, String> out = new TreeMap<>();
        for (StreamNode n : graph.getStreamNodes()) out.put(n.getOperatorName(), n.getTransformationUID());
        return out;
    }

    /** The uids of 0.1.0; a release may add uids, never drop or rename one. */
    static final List<String> LIVE = List.of("ticks-source", "tick-triage", "instrument-engine", "outputs-by-kind", "signals-sink", "order-intents-sink", "executions-sink", "dead-letters-sink");
    static final List<String> LIVE_LOOP = List.of("ticks-source", "tick-triage", "executions-source", "instrument-engine", "outputs-by-kind", "signals-sink",
            "order-intents-sink", "order-intent-service-sink", "dead-letters-sink");

    @Test
    void theLiveJobsOperatorsKeepTheirUids() {
        for (boolean service : new boolean[] {false, true}) {
            Map<String, String> uids = uids(service);
            assertThat(uids).as("every operator has a uid").doesNotContainValue(null);
            assertThat(uids.values()).as(service ? "live loop" : "live").containsAll(service ? LIVE_LOOP : LIVE);
        }
    }

    @Test
    void theEngineOperatorCarriesItsStateUnderItsUid() {
        assertThat(uids(false)).containsEntry("instrument engine", "instrument-engine");
    }
}
