package io.spreadflow.engine.strategies.rdn;

import io.spreadflow.connectors.files.TickFileReader;
import io.spreadflow.connectors.files.RealData;
import io.spreadflow.engine.DefaultInstrumentEngine;
import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.RecordingOutput;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.config.StrategyConfigBuilder;
import io.spreadflow.engine.market.Spreads;
import io.spreadflow.engine.strategy.StrategyRegistry;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Side;
import io.spreadflow.schemas.SignalKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reverse delta-neutral strategy on the real Binance 2024-08-08 recordings (spot vs USD-M, legs
 * aligned on receive time). Their futures-minus-spot basis is a few basis points, below realistic taker
 * fees: with Binance's fees (spot 0.1 %, USD-M 0.05 %) and the fee hurdle on, no entry may happen even
 * at a threshold the gross spread crosses; without fees the same threshold trades. The fill model's
 * latency moves every fill to the first book of its venue at or after decision + latency.
 */
class BinanceRecordingsTest {

    static final String SPOT = "binance-spot";
    static final String USDM = "binance-usdm";
    static final StrategyConfig.VenueFees SPOT_FEES = StrategyConfig.VenueFees.of("0.001", "0.001");
    static final StrategyConfig.VenueFees USDM_FEES = StrategyConfig.VenueFees.of("0.0002", "0.0005");

    @ParameterizedTest
    @ValueSource(strings = {"BTCUSDT", "ETHUSDT"})
    void shouldNotEnterWithRealTakerFeesButTradeWithoutThem(String symbol) throws IOException {
        List<BookTicker> ticks = recording(symbol);
        double[] basis = observedEntrySpreads(ticks);
        double min = basis[0];
        double median = basis[basis.length / 2];
        // crossed by the gross spread on the rows nearest the recording's minimum basis
        double threshold = min + (median - min) * 0.2;
        assertThat(min).as("%s observed basis is a few bps", symbol).isBetween(-0.5, 0.0);

        RecordingOutput defaults = run(ticks, config(Map.of("net_of_fees", true), true, Duration.ZERO));
        assertThat(entries(defaults)).as("%s: reference thresholds, real fees", symbol).isZero();
        assertThat(defaults.intents).isEmpty();

        Map<String, Object> low = Map.of("entry_spread_threshold", threshold, "min_volatility", 0.0,
                "net_of_fees", true);
        RecordingOutput withFees = run(ticks, config(low, true, Duration.ZERO));
        assertThat(entries(withFees)).as("%s: threshold %.5f %% with fees of %.2f %% both legs", symbol, threshold, 0.15)
                .isZero();
        assertThat(withFees.intents).isEmpty();
        assertThat(withFees.trades).isEmpty();

        RecordingOutput free = run(ticks, config(low, false, Duration.ZERO));
        assertThat(entries(free)).as("%s: threshold %.5f %% without fees", symbol, threshold).isPositive();
        assertThat(free.intents).isNotEmpty();
        assertThat(free.trades).isNotEmpty();
        assertThat(free.trades).allSatisfy(t -> assertThat(t.feesQuote()).isZero());

        // the hurdle is what keeps the strategy out: the gross spread with the same fee table trades, and pays
        Map<String, Object> gross = Map.of("entry_spread_threshold", threshold, "min_volatility", 0.0);
        RecordingOutput grossWithFees = run(ticks, config(gross, true, Duration.ZERO));
        assertThat(entries(grossWithFees)).isEqualTo(entries(free));
        assertThat(grossWithFees.trades).isNotEmpty().allSatisfy(t -> assertThat(t.feesQuote()).isPositive());
        System.out.printf("%s: basis min %.5f %% median %.5f %%, threshold %.5f %%: entries with fee hurdle %d, "
                + "without fees %d (%d trades)%n", symbol, min, median, threshold, entries(withFees), entries(free),
                free.trades.size());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 25, 250})
    void shouldFillAtTheFirstBookAtOrAfterDecisionPlusLatency(long latencyMs) throws IOException {
        List<BookTicker> ticks = recording("BTCUSDT");
        double[] basis = observedEntrySpreads(ticks);
        double threshold = basis[0] + (basis[basis.length / 2] - basis[0]) * 0.2;
        StrategyConfig cfg = config(Map.of("entry_spread_threshold", threshold, "min_volatility", 0.0), false,
                Duration.ofMillis(latencyMs));
        RecordingOutput out = run(ticks, cfg);

        Map<String, OrderIntent> intents = new HashMap<>();
        for (OrderIntent i : out.intents) intents.put(i.getIntentId(), i);
        List<ExecutionReport> fills = out.executions.stream().filter(r -> r.getStatus() == ExecutionStatus.FILLED).toList();
        assertThat(fills).as("fills at latency %d ms", latencyMs).hasSizeGreaterThanOrEqualTo(4);
        long latencyUs = latencyMs * 1000;
        for (ExecutionReport r : fills) {
            OrderIntent intent = intents.get(r.getIntentId());
            long decision = intent.getEventTsUs();
            BookTicker book = latencyUs == 0 ? lastAtOrBefore(ticks, r.getVenue(), decision)
                    : firstAtOrAfter(ticks, r.getVenue(), decision + latencyUs);
            double expected = r.getSide() == Side.BUY ? book.getAskPrice() : book.getBidPrice();
            assertThat(r.getAvgPrice()).as("%s leg %d (%s %s) decided at %d", r.getIntentId(), r.getLegIndex(),
                    r.getSide(), r.getVenue(), decision).isEqualTo(expected);
            assertThat(r.getFillEventTsUs()).isEqualTo(book.getReceiveTsUs());
            if (latencyUs > 0) assertThat(r.getFillEventTsUs()).isGreaterThanOrEqualTo(decision + latencyUs);
        }
        if (latencyMs > 0) {
            // the same decisions at zero latency fill on the book at the decision: some prices must differ
            RecordingOutput instant = run(ticks, config(Map.of("entry_spread_threshold", threshold, "min_volatility", 0.0),
                    false, Duration.ZERO));
            ExecutionReport firstLate = fills.get(0);
            ExecutionReport firstInstant = instant.executions.get(0);
            assertThat(firstInstant.getIntentId()).isEqualTo(firstLate.getIntentId());
            assertThat(firstInstant.getFillEventTsUs()).isLessThan(firstLate.getFillEventTsUs());
        }
    }

    // ------------------------------------------------------------------ helpers

    static StrategyConfig config(Map<String, Object> params, boolean fees, Duration latency) {
        StrategyConfigBuilder b = StrategyConfig.builder("rdn")
                .venues(List.of(SPOT), USDM)
                .params(params)
                .execution(StrategyConfig.ExecutionSettings.DEFAULT.withWalkBook(true).withFillLatency(latency));
        if (fees) b.fee(SPOT, SPOT_FEES).fee(USDM, USDM_FEES);
        return b.build();
    }

    static RecordingOutput run(List<BookTicker> ticks, StrategyConfig cfg) {
        DefaultInstrumentEngine engine = new DefaultInstrumentEngine(cfg, StrategyRegistry.load().get("rdn"));
        EngineState state = engine.newState(ticks.get(0).getInstrument());
        RecordingOutput out = new RecordingOutput();
        for (BookTicker t : ticks) engine.onTick(state, t, out);
        engine.onEndOfInput(state, out);
        assertThat(out.rejections).as("rejected ticks").isEmpty();
        return out;
    }

    static long entries(RecordingOutput out) {
        return out.signals.stream().filter(s -> s.getKind() == SignalKind.ENTER).count();
    }

    /** Both legs of a 2024-08-08 recording merged by receive time, as one partition delivers them. */
    static List<BookTicker> recording(String symbol) throws IOException {
        Path dir = RealData.require("data/binance");
        return TickFileReader.readMerged(List.of(dir.resolve("binance_spot_" + symbol + "_bookTicker_20240808.csv.gz"),
                dir.resolve("binance_usdm_" + symbol + "_bookTicker_20240808.csv.gz")));
    }

    /** Sorted entry spreads (futures bid vs spot ask, percent) at every tick once both venues quoted. */
    static double[] observedEntrySpreads(List<BookTicker> ticks) {
        double spotAsk = Double.NaN;
        double futBid = Double.NaN;
        double[] out = new double[ticks.size()];
        int n = 0;
        for (BookTicker t : ticks) {
            if (t.getVenue().equals(SPOT)) spotAsk = t.getAskPrice();
            else futBid = t.getBidPrice();
            if (!Double.isNaN(spotAsk) && !Double.isNaN(futBid)) out[n++] = Spreads.entry(futBid, spotAsk);
        }
        double[] s = Arrays.copyOf(out, n);
        Arrays.sort(s);
        return s;
    }

    static BookTicker firstAtOrAfter(List<BookTicker> ticks, String venue, long tsUs) {
        for (BookTicker t : ticks) if (t.getVenue().equals(venue) && t.getReceiveTsUs() >= tsUs) return t;
        throw new AssertionError("no " + venue + " book at or after " + tsUs);
    }

    static BookTicker lastAtOrBefore(List<BookTicker> ticks, String venue, long tsUs) {
        BookTicker last = null;
        for (BookTicker t : ticks) {
            if (t.getReceiveTsUs() > tsUs) break;
            if (t.getVenue().equals(venue)) last = t;
        }
        if (last == null) throw new AssertionError("no " + venue + " book at or before " + tsUs);
        return last;
    }
}
