package io.spreadflow.engine.golden;

import io.spreadflow.connectors.files.RealData;
import io.spreadflow.connectors.files.TickFileReader;
import io.spreadflow.engine.DefaultInstrumentEngine;
import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.RecordingOutput;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.config.StrategyConfigBuilder;
import io.spreadflow.engine.signal.SignalMachine;
import io.spreadflow.engine.strategies.rdn.ReverseDeltaNeutral;
import io.spreadflow.engine.strategy.StrategyRegistry;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.Signal;
import io.spreadflow.schemas.SignalKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * rdn over two distinct spot venues with 60-second bars: spot B is the real MEXC LUNC spot recording
 * delayed by a second or two and price-modulated by 1 + 0.005·sin(x/300 s), written by the test. The
 * combined spread then swings through the thresholds, with stop-loss exits followed by an entry on the
 * next bar row. Checked against {@link ReferenceRdnLoop}, an independent plain re-implementation of
 * the reference: every trade row equal, under exact and under realistic execution (fill latency,
 * displayed size, fees). Under realistic execution an exit on the thin futures book closes in more
 * slices than {@link SignalMachine#MAX_EXIT_ATTEMPTS}; each slice is progress, so the instrument must
 * not halt and later entries must still become trades.
 */
class TwoSpotVenueTest {

    private static final String SPOT_A = "mexc-spot";
    private static final String SPOT_B = "gateio-spot";
    private static final String FUTURES = "gateio-futures";
    private static final int BAR_SECONDS = 60;
    private static final ReferenceRdnLoop.Params PARAMS = new ReferenceRdnLoop.Params(-0.2, -0.1, -0.3, 0.005, 0.001);
    private static final double REL = 1e-9;

    @TempDir
    Path dir;

    @Test
    void oracleReproducesTheVisibleRdnGoldenCase() throws IOException {
        GoldenCase gc = GoldenCase.all().stream().filter(c -> c.strategy().equals("rdn")).findFirst().orElseThrow();
        StrategyConfig c = gc.config();
        String spotA = c.venues().spot().get(0);
        List<ReferenceRdnLoop.Bar> bars = ReferenceRdnLoop.bars(gc.ticks(), c.barSeconds(), spotA, spotA, c.venues().futures());
        ReferenceRdnLoop.Params p = new ReferenceRdnLoop.Params(c.getDouble(ReverseDeltaNeutral.ENTRY),
                c.getDouble(ReverseDeltaNeutral.EXIT), c.getDouble(ReverseDeltaNeutral.STOP), c.getDouble(ReverseDeltaNeutral.MAX_HOURS),
                c.getDouble(ReverseDeltaNeutral.FEES));
        List<Trade> rows = new ArrayList<>();
        for (Map<String, Object> r : ReferenceRdnLoop.trades(bars, p)) {
            rows.add(new Trade("LUNC-USDT", "rdn", (Long) r.get("entry_time_us"), (Long) r.get("exit_time_us"),
                    new LinkedHashMap<>(r), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO));
        }
        assertThat(bars).hasSize(gc.json().get("expected").get("bar_rows").asInt());
        gc.assertReproducedBy(rows);
    }

    @ParameterizedTest(name = "spot B delayed {0} µs")
    @ValueSource(longs = {1_000_000, 2_000_000})
    void exactExecutionGivesTheReferenceRowsWithoutAnyRepair(long delayUs) throws IOException {
        List<BookTicker> ticks = ticks(delayUs);
        List<Map<String, Object>> expected = reference(ticks);
        RecordingOutput out = run(ticks, StrategyConfig.ExecutionSettings.DEFAULT.withWalkBook(true), false);

        assertSameRows(out.trades, expected);
        // both legs always fill at once: no intent is undone, repaired or retried
        assertThat(out.intents).extracting(i -> i.getPurpose())
                .containsOnly(IntentPurpose.ENTRY, IntentPurpose.EXIT).hasSize(2 * expected.size());
        assertThat(out.executions).extracting(r -> r.getStatus()).containsOnly(ExecutionStatus.FILLED);
        assertNoHaltAndEveryEntryTrades(out);
    }

    @ParameterizedTest(name = "spot B delayed {0} µs")
    @ValueSource(longs = {1_000_000, 2_000_000})
    void exitsThatCloseInManySlicesDoNotHaltTheInstrument(long delayUs) throws IOException {
        List<BookTicker> ticks = ticks(delayUs);
        List<Map<String, Object>> expected = reference(ticks);
        RecordingOutput out = run(ticks, StrategyConfig.ExecutionSettings.DEFAULT
                .withFillLatency(Duration.ofMillis(300)).withWalkBook(false), true);

        assertSameRows(out.trades, expected);
        assertNoHaltAndEveryEntryTrades(out);
        // the case is one where slicing matters: some exit needed more retries than the halt allows in a row
        Map<Long, Long> retries = out.signals.stream().filter(s -> "EXIT_RETRY".equals(s.getReason()))
                .collect(Collectors.groupingBy(Signal::getPositionId, Collectors.counting()));
        assertThat(retries.values()).as("exit retries per position").anySatisfy(
                n -> assertThat(n).isGreaterThan((long) SignalMachine.MAX_EXIT_ATTEMPTS));
    }

    /** The generated data have the held-out shape: a stop loss, re-entry on the next bar row, many trades after. */
    @ParameterizedTest(name = "spot B delayed {0} µs")
    @ValueSource(longs = {1_000_000, 2_000_000})
    void caseHasAnEntryOneBarAfterAStopLoss(long delayUs) throws IOException {
        List<BookTicker> ticks = ticks(delayUs);
        List<ReferenceRdnLoop.Bar> bars = ReferenceRdnLoop.bars(ticks, BAR_SECONDS, SPOT_A, SPOT_B, FUTURES);
        List<Map<String, Object>> rows = ReferenceRdnLoop.trades(bars, PARAMS);
        List<Long> barTimes = bars.stream().map(ReferenceRdnLoop.Bar::timeUs).toList();
        int firstReentry = -1;
        for (int i = 0; i + 1 < rows.size() && firstReentry < 0; i++) {
            int exitRow = barTimes.indexOf((Long) rows.get(i).get("exit_time_us"));
            int nextEntryRow = barTimes.indexOf((Long) rows.get(i + 1).get("entry_time_us"));
            if ("STOP_LOSS".equals(rows.get(i).get("exit_reason")) && nextEntryRow == exitRow + 1) firstReentry = i + 1;
        }
        assertThat(firstReentry).as("a stop loss followed by an entry on the next bar row").isPositive();
        assertThat(rows.size() - firstReentry).as("trades from that entry on").isGreaterThanOrEqualTo(8);
    }

    // ------------------------------------------------------------------ helpers

    private List<Map<String, Object>> reference(List<BookTicker> ticks) {
        return ReferenceRdnLoop.trades(ReferenceRdnLoop.bars(ticks, BAR_SECONDS, SPOT_A, SPOT_B, FUTURES), PARAMS);
    }

    private static RecordingOutput run(List<BookTicker> ticks, StrategyConfig.ExecutionSettings execution, boolean fees) {
        StrategyConfigBuilder b = StrategyConfig.builder("rdn")
                .venues(new StrategyConfig.VenueRoles(List.of(SPOT_A, SPOT_B), FUTURES))
                .barSeconds(BAR_SECONDS)
                .params(Map.of("entry_spread_threshold", PARAMS.entry(), "exit_spread_threshold", PARAMS.exit(),
                        "stop_loss_threshold", PARAMS.stopLoss(), "max_holding_hours", PARAMS.maxHoldingHours(),
                        "total_fees", PARAMS.totalFees()))
                .execution(execution);
        if (fees) for (String v : List.of(SPOT_A, SPOT_B, FUTURES)) b.fee(v, StrategyConfig.VenueFees.of("0.0002", "0.0005"));
        StrategyConfig config = b.build();
        DefaultInstrumentEngine engine = new DefaultInstrumentEngine(config, StrategyRegistry.load().get("rdn"));
        EngineState state = engine.newState(ticks.get(0).getInstrument());
        RecordingOutput out = new RecordingOutput();
        for (BookTicker t : ticks) engine.onTick(state, t, out);
        engine.onEndOfInput(state, out);
        assertThat(out.rejections).as("rejected ticks").isEmpty();
        assertThat(state.positions().openCount()).as("positions left open").isZero();
        return out;
    }

    private static void assertNoHaltAndEveryEntryTrades(RecordingOutput out) {
        assertThat(out.signals).extracting(Signal::getKind).doesNotContain(SignalKind.HALT);
        assertThat(out.signals).extracting(Signal::getReason).noneMatch(r -> r.contains("_REFUSED_"));
        long entries = out.signals.stream().filter(s -> s.getKind() == SignalKind.ENTER).count();
        assertThat(out.trades).as("a trade for every entry").hasSize((int) entries);
    }

    private static void assertSameRows(List<Trade> actual, List<Map<String, Object>> expected) {
        assertThat(actual).as("trades").hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> a = actual.get(i).columnsView();
            Map<String, Object> e = expected.get(i);
            assertThat(new ArrayList<>(a.keySet())).as("columns of trade %d", i).containsExactlyElementsOf(e.keySet());
            for (Map.Entry<String, Object> col : e.entrySet()) {
                Object x = a.get(col.getKey());
                String what = "trade " + i + " " + col.getKey();
                if (col.getValue() instanceof Double d) {
                    if (!(x instanceof Double v) || !(Math.abs(v - d) <= REL * Math.abs(d))) fail(what + ": expected " + d + " but was " + x);
                } else {
                    assertThat(x).as(what).isEqualTo(col.getValue());
                }
            }
        }
    }

    /**
     * The three venues merged as one partition delivers them; spot B is written to a file first and read
     * back like any recording.
     */
    private List<BookTicker> ticks(long delayUs) throws IOException {
        Path data = RealData.require("data/mexc-gateio");
        Path spotA = data.resolve("mexc_spot_LUNC_USDT_bookTicker_20251011.csv");
        Path spotB = dir.resolve("spot_b_delayed_" + delayUs + ".csv");
        writeDelayedModulatedCopy(spotA, spotB, delayUs);
        return TickFileReader.readMerged(List.of(spotA, spotB, data.resolve("gateio_futures_LUNC_USDT_bookTicker_20251011.csv")));
    }

    /** Spot B: every spot A quote {@code delayUs} later, both prices × (1 + 0.005·sin(x/300 s)), x from the first quote. */
    private static void writeDelayedModulatedCopy(Path spotA, Path spotB, long delayUs) throws IOException {
        List<String> lines = Files.readAllLines(spotA);
        long t0 = Long.parseLong(lines.get(1).split(",")[0]);
        try (BufferedWriter w = Files.newBufferedWriter(spotB)) {
            w.write(lines.get(0));
            w.newLine();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                long ts = Long.parseLong(f[0]);
                double k = 1 + 0.005 * Math.sin((ts - t0) / 1e6 / 300);
                w.write((ts + delayUs) + "," + SPOT_B + "," + f[2] + "," + Double.parseDouble(f[3]) * k + "," + f[4] + ","
                        + Double.parseDouble(f[5]) * k + "," + f[6]);
                w.newLine();
            }
        }
    }
}
