package io.spreadflow.backtest;

import io.spreadflow.engine.accounting.FundingSchedule;
import io.spreadflow.connectors.files.RealData;
import io.spreadflow.engine.config.StrategyConfig;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BATCH and a bounded STREAMING replay over the same input give identical signals, intents, fills and
 * trades per instrument — on every real recording and on an input where many ticks of several venues
 * share each millisecond (BATCH does not keep ties in arrival order; the sequence timestamp must).
 */
class BatchStreamingDeterminismITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path dir;

    /** Thresholds the recordings cross often, zero fees: the engine must trade for the comparison to mean much. */
    private static StrategyConfig rdn(String spot, String futures, double entry, double exit, int barSeconds) {
        return new BacktestConfigs(null, "rdn", List.of("entry_spread_threshold=" + entry, "exit_spread_threshold=" + exit,
                "stop_loss_threshold=-5", "min_volatility=0", "max_holding_hours=0.01"), List.of(spot), futures,
                barSeconds, Map.of(), null).build();
    }

    @Test
    void shouldGiveIdenticalOutputsOnEveryRealRecording() throws Exception {
        Path binance = RealData.require("data/binance");
        Path lunc = RealData.require("data/mexc-gateio");
        assertSame("BTC 2024", rdn("binance-spot", "binance-usdm", -0.005, 0.0, 0),
                binance.resolve("binance_spot_BTCUSDT_bookTicker_20240808.csv.gz"), binance.resolve("binance_usdm_BTCUSDT_bookTicker_20240808.csv.gz"));
        assertSame("ETH 2024", rdn("binance-spot", "binance-usdm", -0.005, 0.0, 0),
                binance.resolve("binance_spot_ETHUSDT_bookTicker_20240808.csv.gz"), binance.resolve("binance_usdm_ETHUSDT_bookTicker_20240808.csv.gz"));
        assertSame("BTC 2023", rdn("binance-spot", "binance-usdm", -0.005, 0.0, 0),
                binance.resolve("binance_spot_BTCUSDT_bookTicker_20230405.csv.gz"), binance.resolve("binance_usdm_BTCUSDT_bookTicker_20230405.csv.gz"));
        assertSame("LUNC", rdn("mexc-spot", "gateio-futures", -0.3, -0.12, 1),
                lunc.resolve("mexc_spot_LUNC_USDT_bookTicker_20251011.csv"), lunc.resolve("gateio_futures_LUNC_USDT_bookTicker_20251011.csv"));
    }

    @Test
    void shouldGiveIdenticalOutputsWhenManyTicksShareEachMillisecond() throws Exception {
        String[] venues = {"mexc-spot", "gateio-futures"};
        List<Path> files = new ArrayList<>();
        for (String venue : venues) {
            Path f = dir.resolve(venue + ".csv");
            try (BufferedWriter w = Files.newBufferedWriter(f)) {
                w.write("timestamp_us,venue,symbol,bid_price,bid_qty,ask_price,ask_qty\n");
                for (int ms = 0; ms < 3000; ms++) {
                    long ts = 1_760_000_000_000_000L + ms * 1000L;
                    for (String sym : List.of("AAA_USDT", "BBB_USDT", "CCC_USDT")) {
                        for (int k = 0; k < 4; k++) {
                            // the quote that wins a millisecond depends on tie order: prices differ within it
                            double base = 100 + Math.sin(ms / 37.0 + sym.hashCode()) * (venue.startsWith("gate") ? 1.0 : 0.2);
                            double p = base + k * 0.05 * (venue.startsWith("gate") ? -1 : 1);
                            w.write(ts + "," + venue + "," + sym + "," + p + ",1," + (p + 0.01) + ",1\n");
                        }
                    }
                }
            }
            files.add(f);
        }
        assertSame("tie-heavy", rdn("mexc-spot", "gateio-futures", -0.4, 0.2, 0), files.toArray(Path[]::new));
    }

    private void assertSame(String name, StrategyConfig config, Path... files) throws Exception {
        BacktestJob.Plan batch = new BacktestJob.Plan(List.of(config), new BacktestInput.Files(List.of(files)),
                RuntimeExecutionMode.BATCH, null, null, 2, 0);
        BacktestResults.SetResults b = BacktestJob.run(batch, FundingSchedule.NONE).single();
        BacktestResults.SetResults s = BacktestJob.run(batch.withMode(RuntimeExecutionMode.STREAMING), FundingSchedule.NONE).single();

        assertThat(b.ticks()).as(name + " ticks").isEqualTo(s.ticks()).isPositive();
        assertThat(b.intents()).as(name + ": the engine must trade for the comparison to mean something").isNotEmpty();
        assertThat(s.signals().toString()).as(name + " signals").isEqualTo(b.signals().toString());
        assertThat(s.intents().toString()).as(name + " intents").isEqualTo(b.intents().toString());
        assertThat(s.executions().toString()).as(name + " fills").isEqualTo(b.executions().toString());
        assertThat(s.trades().toString()).as(name + " trades").isEqualTo(b.trades().toString());
    }
}
