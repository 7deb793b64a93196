package com.example.basis;

import io.spreadflow.connectors.files.SharedData;
import io.spreadflow.connectors.files.TickFileReader;
import io.spreadflow.engine.config.ConfigOverrides;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.config.StrategyConfigLoader;
import io.spreadflow.engine.strategy.ParameterSpec;
import io.spreadflow.engine.strategy.SignalStrategy;
import io.spreadflow.engine.strategy.StrategyRegistry;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.Market;
import io.spreadflow.schemas.Signal;
import io.spreadflow.schemas.SignalKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The user's strategy, found in its jar by id, run through the framework's engine. */
class BasisReversionReplayTest {

    @TempDir
    static Path dir;

    static URLClassLoader jar;
    static StrategyRegistry registry;
    static StrategyConfigLoader loader;

    @BeforeAll
    static void openUserJar() {
        jar = UserJar.open(UserJar.build(dir));
        registry = StrategyRegistry.load(jar);
        loader = new StrategyConfigLoader(registry);
    }

    @AfterAll
    static void closeUserJar() throws IOException {
        jar.close();
    }

    static Path docs(String file) {
        return Path.of(System.getProperty("spreadflow.root", ".")).resolve("docs/examples").resolve(file);
    }

    @Test
    void theRegistryFindsTheUsersStrategyBesideTheReferenceOnes() {
        assertThat(registry.ids()).contains("basis", "rdn", "inv", "svh");
        assertThat(registry.get("basis").getClass().getClassLoader()).isSameAs(jar);
    }

    @Test
    void entersAndExitsOnTheRecordedLuncSession() throws IOException {
        List<BookTicker> ticks = recordedLunc();
        StrategyConfig config = loader.load(docs("basis-lunc.yaml"));
        SignalStrategy<?> basis = registry.get("basis");
        Replay r = Replay.run(config, basis, "LUNC-USDT", ticks);

        List<Signal> enters = r.decisions().stream().filter(s -> s.getKind() == SignalKind.ENTER).toList();
        List<Signal> exits = r.decisions().stream().filter(s -> s.getKind() == SignalKind.EXIT).toList();
        assertThat(enters).isNotEmpty();
        assertThat(enters).extracting(s -> s.getReason().toString()).allMatch(Set.of("BASIS_RICH", "BASIS_CHEAP")::contains);
        assertThat(exits).extracting(s -> s.getReason().toString()).allMatch(Set.of("STOP_LOSS", "MEAN_REVERTED", "MAX_TIME")::contains);
        assertThat(r.trades).hasSameSizeAs(exits);

        double entryZ = config.getDouble(spec(basis, "entry_z"));
        double stop = config.getDouble(spec(basis, "stop_loss_pct"));
        double maxHours = config.getDouble(spec(basis, "max_holding_hours"));
        for (int i = 0; i < r.trades.size(); i++) {
            Map<String, Object> row = r.trades.get(i).columnsView();
            Signal enter = enters.get(i);
            assertThat(Math.abs(enter.getIndicators().get("z"))).as("entry z of trade %d", i).isGreaterThan(entryZ);
            assertThat(row.get("direction")).isEqualTo(enter.getReason().toString());
            assertThat(row.get("entry_time_us")).isEqualTo(enter.getEventTsUs());
            int side = "BASIS_RICH".equals(row.get("direction")) ? 1 : -1;
            double entryNet = (Double) row.get("entry_net_spread_pct");
            double exitNet = (Double) row.get("exit_net_spread_pct");
            double hours = ((Long) row.get("exit_time_us") - (Long) row.get("entry_time_us")) / 3.6e9;
            // each exit holds for the reason it names, and the earlier reasons in the order do not
            switch ((String) row.get("exit_reason")) {
                case "STOP_LOSS" -> assertThat(side * (exitNet - entryNet)).isGreaterThan(stop);
                case "MEAN_REVERTED" -> {
                    assertThat(side * (Double) row.get("exit_z")).isLessThanOrEqualTo(0.0);
                    assertThat(side * (exitNet - entryNet)).isLessThanOrEqualTo(stop);
                }
                default -> {
                    assertThat(hours).isGreaterThan(maxHours);
                    assertThat(side * (Double) row.get("exit_z")).isGreaterThan(0.0);
                }
            }
            assertThat(r.trades.get(i).pnlQuote()).as("booked P&L from fills").isNotNull();
        }
        Map<String, Long> byReason = r.trades.stream()
                .collect(Collectors.groupingBy(t -> (String) t.columnsView().get("exit_reason"), Collectors.counting()));
        assertThat(byReason).containsKey("MEAN_REVERTED");

        // the configured max-loss halts new entries once the booked losses reach it
        r.signals.stream().filter(s -> s.getKind() == SignalKind.HALT).findFirst().ifPresent(halt -> {
            assertThat(halt.getReason().toString()).isEqualTo("MAX_LOSS");
            assertThat(enters).allMatch(e -> e.getEventTsUs() <= halt.getEventTsUs());
        });
    }

    /**
     * A synthetic series whose decisions follow by hand. Fees: 0.1 % taker on each leg, so the net
     * spread is the gross spread − 0.2. With alpha 0.5 the EWMA over the previous rows is
     * {@code mean ← mean + ½·d}, {@code var ← ½·(var + ½·d²)}, {@code d = net − mean}; z = d/√var.
     * <pre>
     * row  gross   net    mean    std     z      decision
     *  0   0.10  -0.10    —       —       —      warm-up (rows 0–3 never enter; row 3 has z = +1.73)
     *  1   0.30   0.10  -0.100   0       +inf
     *  2   0.10  -0.10   0.000   0.100  -1.00
     *  3   0.30   0.10  -0.050   0.087  +1.73
     *  4   0.20   0.00   0.025   0.097  -0.26
     *  5   0.50   0.30   0.0125  0.070  +4.13   ENTER BASIS_RICH (|z| > 1.5)
     *  6   0.45   0.25   0.156   0.152  +0.62   hold: z > 0, moved 0.05 in favour
     *  7   0.38   0.18   0.203   0.117  -0.20   EXIT MEAN_REVERTED (z ≤ 0); pnl (0.30−0.18) − 2·0.2 = −0.28
     *  8   0.30   0.10   0.192   0.084  -1.09   |z| < 1.5
     *  9   0.90   0.70   0.146   0.075  +7.41   ENTER BASIS_RICH
     * 10   1.25   1.05   0.423   0.282  +2.22   EXIT STOP_LOSS: 1.05 − 0.70 = 0.35 > 0.3; pnl −0.35 − 0.4 = −0.75
     * 11   1.00   0.80   0.736   0.372  +0.17
     * 12   1.00   0.80   0.768   0.265  +0.12
     * 13   0.10  -0.10   0.784   0.188  -4.71   ENTER BASIS_CHEAP
     * 14–23 falling by 0.02 a row to -0.30 net: z stays in (−1.0, −0.39), adverse move ≤ 0.20, held ≤ 10 s
     * 24  -0.12  -0.32  -0.280   0.037  -1.10   EXIT MAX_TIME: 11 s > 0.0028 h (10.08 s); pnl −0.22 − 0.4 = −0.62
     * 25  -0.14  -0.34  -0.300   0.033  -1.22   flat, |z| < 1.5
     * </pre>
     */
    @Test
    void entersAndExitsWhereTheHandDerivationSays() {
        double[] gross = {0.10, 0.30, 0.10, 0.30, 0.20, 0.50, 0.45, 0.38, 0.30, 0.90, 1.25, 1.00, 1.00,
                0.10, 0.08, 0.06, 0.04, 0.02, 0.00, -0.02, -0.04, -0.06, -0.08, -0.10, -0.12, -0.14};
        StrategyConfig config = loader.parse("""
                strategy: basis
                params: {ewma_alpha: 0.5, entry_z: 1.5, exit_z: 0.0, stop_loss_pct: 0.3,
                         max_holding_hours: 0.0028, warmup_rows: 4}
                venues: {spot: [mexc-spot], futures: gateio-futures}
                bar-seconds: 1
                fees:
                  mexc-spot: {taker: 0.001}
                  gateio-futures: {taker: 0.001}
                execution: {walk-book: true}
                """, "synthetic.yaml", ConfigOverrides.none());
        Replay r = Replay.run(config, registry.get("basis"), "TEST-USDT", synthetic(gross));

        assertThat(r.rejected).isEmpty();
        assertThat(r.decisions()).extracting(s -> s.getKind() + " " + s.getReason() + " @" + (s.getEventTsUs() - T0) / 1_000_000)
                .containsExactly(
                        "ENTER BASIS_RICH @5", "EXIT MEAN_REVERTED @7",
                        "ENTER BASIS_RICH @9", "EXIT STOP_LOSS @10",
                        "ENTER BASIS_CHEAP @13", "EXIT MAX_TIME @24");
        assertThat(r.decisions().stream().filter(s -> s.getKind() == SignalKind.ENTER).map(s -> s.getIndicators().get("z")))
                .satisfiesExactly(
                        z -> assertThat(z).isCloseTo(4.13, org.assertj.core.data.Offset.offset(0.005)),
                        z -> assertThat(z).isCloseTo(7.41, org.assertj.core.data.Offset.offset(0.005)),
                        z -> assertThat(z).isCloseTo(-4.71, org.assertj.core.data.Offset.offset(0.005)));
        assertThat(r.trades).extracting(t -> t.columnsView().get("exit_reason"))
                .containsExactly("MEAN_REVERTED", "STOP_LOSS", "MAX_TIME");
        assertThat(r.trades).extracting(t -> (Double) t.columnsView().get("pnl_pct")).satisfiesExactly(
                p -> assertThat(p).isCloseTo(-0.28, org.assertj.core.data.Offset.offset(1e-9)),
                p -> assertThat(p).isCloseTo(-0.75, org.assertj.core.data.Offset.offset(1e-9)),
                p -> assertThat(p).isCloseTo(-0.62, org.assertj.core.data.Offset.offset(1e-9)));
        assertThat(r.trades).allSatisfy(t -> assertThat(t.pnlQuote()).isNotNull());
    }

    static final long T0 = 1_700_000_000_000_000L;

    /**
     * One spot and one futures quote per second: futures bid 100, spot ask {@code 100 − gross}, so that
     * the entry spread {@code (F.bid − S.ask)/F.bid·100} is {@code gross} percent.
     */
    static List<BookTicker> synthetic(double[] gross) {
        List<BookTicker> ticks = new ArrayList<>();
        for (int i = 0; i < gross.length; i++) {
            long t = T0 + i * 1_000_000L + 100_000;
            double spotAsk = 100 - gross[i];
            ticks.add(tick("mexc-spot", Market.SPOT, t, spotAsk - 0.01, spotAsk));
            ticks.add(tick("gateio-futures", Market.PERPETUAL, t + 1, 100.0, 100.01));
        }
        return ticks;
    }

    static BookTicker tick(String venue, Market market, long tsUs, double bid, double ask) {
        return BookTicker.newBuilder().setInstrument("TEST-USDT").setVenue(venue).setMarket(market).setVenueSymbol("TESTUSDT")
                .setBidPrice(bid).setBidQty(1_000).setAskPrice(ask).setAskQty(1_000).setReceiveTsUs(tsUs)
                .setExchangeTsUs(null).setUpdateId(null).build();
    }

    static ParameterSpec spec(SignalStrategy<?> strategy, String name) {
        return strategy.parameters().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /** MEXC LUNC spot and Gate.io LUNC futures, merged in time order (stable: file order within a venue). */
    static List<BookTicker> recordedLunc() throws IOException {
        Path spot;
        Path futures;
        try {
            spot = SharedData.resolve("data/mexc-gateio/mexc_spot_LUNC_USDT_bookTicker_20251011.csv");
            futures = SharedData.resolve("data/mexc-gateio/gateio_futures_LUNC_USDT_bookTicker_20251011.csv");
        } catch (SharedData.MissingSharedData e) {
            if (SharedData.inCi()) throw e;
            Assumptions.abort(e.getMessage());
            throw e;
        }
        List<BookTicker> all = new ArrayList<>(TickFileReader.readAll(spot));
        all.addAll(TickFileReader.readAll(futures));
        all.sort(Comparator.comparingLong(BookTicker::getReceiveTsUs));
        return all;
    }
}
