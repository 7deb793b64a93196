package io.spreadflow.job;

import io.spreadflow.engine.ThresholdStrategy;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.SavepointType;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.spreadflow.engine.Ticks.FUT;
import static io.spreadflow.engine.Ticks.INSTRUMENT;
import static io.spreadflow.engine.Ticks.SPOT;
import static io.spreadflow.engine.Ticks.tick;

/**
 * Writes the engine operator's savepoint fixture of a release: a canonical savepoint, taken on RocksDB,
 * of one instrument with position 1 open, position 2's entry legs in flight (sent, no report yet) and
 * the ticks after them held. {@code SavepointFixtureTest} restores every release's fixture with the
 * current code. Run once per release, with the release's version, and commit the file:
 * <pre>
 * mvn -B -o -pl job -am install -DskipTests
 * mvn -B -o -pl job test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.spreadflow.job.SavepointFixture -Dexec.args=src/test/resources/savepoints/v0.2.0
 * </pre>
 * The scenario must not change: a later release's fixture is taken from the same inputs.
 */
public final class SavepointFixture {

    static final long T0 = 1_760_000_000_000_000L;
    static final long SECOND = 1_000_000L;
    static final double SPOT_BID = 100.0;
    static final double SPOT_ASK = 100.1;
    static final double FUT_LOW_BID = 98.0;
    static final double FUT_HIGH_BID = 101.0;
    /** The file of the operator's state in a release's fixture folder. */
    static final String FILE = "engine-operator";

    private SavepointFixture() {}

    /** The threshold strategy, execution through the service, two positions at most. */
    static StrategyConfig config() {
        return StrategyConfig.builder(ThresholdStrategy.ID)
                .instrument(INSTRUMENT)
                .venues(List.of(SPOT), FUT)
                .param("enter_below", -1.0)
                .param("exit_above", 0.0)
                .param("max_stack", 2)
                .execution(StrategyConfig.ExecutionSettings.DEFAULT.withMode(StrategyConfig.ExecutionMode.SERVICE)
                        .withLegTimeout(Duration.ofMinutes(10)))
                .build();
    }

    static List<BookTicker> row(long tsUs, double futBid) {
        return List.of(tick(SPOT, tsUs, SPOT_BID, SPOT_ASK), tick(FUT, tsUs + 100_000L, futBid, futBid + 0.1));
    }

    /** The service's final report on one leg, filled in full at {@code price}. */
    static ExecutionReport filled(String intentId, long intentEventTsUs, int leg, OrderLeg l, double price) {
        return ExecutionReport.newBuilder().setIntentId(intentId).setInstrument(INSTRUMENT)
                .setLegIndex(leg).setVenue(l.getVenue()).setSide(l.getSide()).setStatus(ExecutionStatus.FILLED)
                .setFilledQty(l.getQuantity()).setAvgPrice(price).setFee(0).setFeeCurrency("USDT").setVenueOrderId(null)
                .setReason(null).setIntentEventTsUs(intentEventTsUs).setFillEventTsUs(null).build();
    }

    /** Runs the scenario up to the savepoint; returns the intents sent by then (two entries). */
    static List<OrderIntent> run(EngineHarness h) throws Exception {
        h.ticks(row(T0, FUT_LOW_BID));
        OrderIntent first = h.intents().get(0);
        h.report(filled(first.getIntentId(), first.getEventTsUs(), 0, first.getLegs().get(0), SPOT_ASK));
        h.report(filled(first.getIntentId(), first.getEventTsUs(), 1, first.getLegs().get(1), FUT_LOW_BID));
        h.ticks(row(T0 + SECOND, FUT_LOW_BID));
        h.ticks(row(T0 + 2 * SECOND, FUT_HIGH_BID));
        h.ticks(row(T0 + 3 * SECOND, FUT_HIGH_BID));
        return h.intents();
    }

    static EngineHarness onRocksDb() throws Exception {
        EngineHarness h = new EngineHarness(EngineFactory.of(config()));
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    /** A canonical savepoint of the operator after {@link #run}. */
    static OperatorSubtaskState take() throws Exception {
        try (EngineHarness h = onRocksDb()) {
            h.open();
            run(h);
            return h.snapshotWithLocalState(1L, 1L, SavepointType.savepoint(SavepointFormatType.CANONICAL)).getJobManagerOwnedState();
        }
    }

    /** @param args the release's fixture folder, e.g. {@code src/test/resources/savepoints/v0.2.0} */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) throw new IllegalArgumentException("usage: SavepointFixture <fixture folder of the release>");
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        OperatorSnapshotUtil.writeStateHandle(take(), dir.resolve(FILE).toString());
        System.out.println("wrote " + dir.resolve(FILE));
    }
}
