package io.spreadflow.connectors.synthetic;

import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.Market;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticMarketTest {

    private static final long ONE_MINUTE_US = 60_000_000L;
    // rdn defaults (DESIGN §5)
    private static final double ENTRY = -2.5;
    private static final double EXIT = -0.3;
    private static final double MIN_VOL = 0.1;
    private static final int VOL_WINDOW = 20;

    @Test
    void sameSeedGivesTheSameTicksAndAnotherSeedOthers() {
        List<BookTicker> a = SyntheticMarket.generate(SyntheticMarket.Settings.DEFAULT, 5_000);
        List<BookTicker> b = SyntheticMarket.generate(SyntheticMarket.Settings.DEFAULT, 5_000);
        List<BookTicker> c = SyntheticMarket.generate(SyntheticMarket.Settings.DEFAULT.withSeed(43), 5_000);
        assertThat(a).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
        assertThat(c.get(1)).isNotEqualTo(a.get(1));
    }

    @Test
    void quotesAreWellFormedAndAdvanceInEventTime() {
        var settings = SyntheticMarket.Settings.DEFAULT.withSecondSpot(true);
        List<BookTicker> ticks = SyntheticMarket.generate(settings, 20_000);
        long prev = Long.MIN_VALUE;
        for (BookTicker t : ticks) {
            assertThat(t.getReceiveTsUs()).isGreaterThan(prev);
            prev = t.getReceiveTsUs();
            assertThat(t.getBidPrice()).isPositive().isLessThan(t.getAskPrice());
            assertThat(t.getBidQty()).isPositive();
            assertThat(t.getAskQty()).isPositive();
            assertThat(t.getExchangeTsUs()).isLessThan(t.getReceiveTsUs());
            int decimals = settings.instruments().stream().filter(i -> i.instrument().equals(t.getInstrument().toString()))
                    .findFirst().orElseThrow().priceDecimals();
            assertThat(BigDecimal.valueOf(t.getBidPrice()).stripTrailingZeros().scale()).isLessThanOrEqualTo(decimals);
            assertThat(BigDecimal.valueOf(t.getAskPrice()).stripTrailingZeros().scale()).isLessThanOrEqualTo(decimals);
            assertThat(t.getMarket()).isEqualTo(t.getVenue().toString().equals(SyntheticMarket.FUTURES) ? Market.PERPETUAL : Market.SPOT);
        }
        assertThat(ticks.get(0).getReceiveTsUs()).isEqualTo(settings.startTsUs());
        Set<String> pairs = ticks.stream().map(t -> t.getInstrument() + "@" + t.getVenue()).collect(Collectors.toSet());
        assertThat(pairs).hasSize(9);
        // 20,000 ticks at 100 ticks/s span about 200 s of event time
        double spanSec = (ticks.get(ticks.size() - 1).getReceiveTsUs() - ticks.get(0).getReceiveTsUs()) / 1e6;
        assertThat(spanSec).isBetween(180.0, 220.0);
    }

    @Test
    void spotPricesOfInstrumentsMoveTogether() {
        List<BookTicker> ticks = SyntheticMarket.generate(SyntheticMarket.Settings.DEFAULT.withTicksPerSecond(20), 60_000);
        // one-minute log returns of BTC and ETH spot mids
        Map<String, TreeMap<Long, Double>> mids = new HashMap<>();
        for (BookTicker t : ticks) {
            if (!t.getVenue().toString().equals(SyntheticMarket.SPOT)) continue;
            mids.computeIfAbsent(t.getInstrument().toString(), k -> new TreeMap<>())
                    .put(t.getReceiveTsUs() / ONE_MINUTE_US, Math.log((t.getBidPrice() + t.getAskPrice()) / 2));
        }
        double[] x = returns(mids.get("BTC-USDT"));
        double[] y = returns(mids.get("ETH-USDT"));
        int n = Math.min(x.length, y.length);
        assertThat(n).isGreaterThan(40);
        assertThat(correlation(x, y, n)).isGreaterThan(0.4);
    }

    @Test
    void defaultStreamCrossesRdnEntryAndExitWithinTheFirstMinute() {
        Map<String, Crossing> crossings = rdnCrossings(SyntheticMarket.Settings.DEFAULT);
        assertThat(crossings.keySet()).containsExactlyInAnyOrder("BTC-USDT", "ETH-USDT", "SOL-USDT");
        crossings.forEach((instrument, c) -> {
            assertThat(c.entrySpread).as(instrument).isLessThan(ENTRY);
            assertThat(c.entryVol).as(instrument).isGreaterThan(MIN_VOL);
            assertThat(c.exitSpread).as(instrument).isGreaterThan(EXIT);
            assertThat(c.exitTsUs).as(instrument).isGreaterThan(c.entryTsUs)
                    .isLessThan(SyntheticMarket.Settings.DEFAULT.startTsUs() + ONE_MINUTE_US);
        });
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 2024, 123_456_789})
    void everySeedDislocatesAndRevertsWithinTheFirstMinute(long seed) {
        var settings = SyntheticMarket.Settings.DEFAULT.withSeed(seed).withSecondSpot(true);
        assertThat(rdnCrossings(settings)).hasSize(3);
    }

    @Test
    void outsideDislocationsTheSpreadIsCalmEnoughNotToEnter() {
        // with dislocations pushed beyond the window, nothing may pass the entry filter
        var base = SyntheticMarket.Settings.DEFAULT;
        var calm = new SyntheticMarket.Settings(base.seed(), base.instruments(), false, base.ticksPerSecond(), base.startTsUs(),
                base.correlation(), base.basisMeanPct(), base.basisReversionPerSec(), base.basisNoisePct(),
                3_600, 7_200, base.dislocationMinPct(), base.dislocationMaxPct(), base.halfSpreadBps(), base.spotBOffsetNoiseBps());
        assertThat(rdnCrossings(calm)).isEmpty();
    }

    private record Crossing(long entryTsUs, double entrySpread, double entryVol, long exitTsUs, double exitSpread) {}

    /** First rdn entry and the exit after it, per instrument, within the first minute of event time. */
    private static Map<String, Crossing> rdnCrossings(SyntheticMarket.Settings settings) {
        SyntheticMarket market = new SyntheticMarket(settings);
        List<String> spots = settings.venues().stream().filter(v -> !v.equals(SyntheticMarket.FUTURES)).toList();
        Map<String, Map<String, BookTicker>> board = new HashMap<>();
        Map<String, ArrayDeque<Double>> windows = new HashMap<>();
        Map<String, Crossing> entries = new HashMap<>();
        Map<String, Crossing> done = new HashMap<>();
        long end = settings.startTsUs() + ONE_MINUTE_US;
        for (BookTicker t = market.next(); t.getReceiveTsUs() < end; t = market.next()) {
            String inst = t.getInstrument().toString();
            Map<String, BookTicker> quotes = board.computeIfAbsent(inst, k -> new HashMap<>());
            quotes.put(t.getVenue().toString(), t);
            BookTicker fut = quotes.get(SyntheticMarket.FUTURES);
            if (fut == null || !spots.stream().allMatch(quotes::containsKey)) continue;
            double s = 0;
            for (String spot : spots) s += (fut.getBidPrice() - quotes.get(spot).getAskPrice()) / fut.getBidPrice() * 100;
            s /= spots.size();
            ArrayDeque<Double> w = windows.computeIfAbsent(inst, k -> new ArrayDeque<>());
            w.addLast(s);
            if (w.size() > VOL_WINDOW) w.removeFirst();
            double vol = w.size() == VOL_WINDOW ? sampleStd(w) : Double.NaN;
            if (done.containsKey(inst)) continue;
            Crossing open = entries.get(inst);
            if (open == null) {
                if (s < ENTRY && vol > MIN_VOL) entries.put(inst, new Crossing(t.getReceiveTsUs(), s, vol, 0, 0));
            } else if (s > EXIT) {
                done.put(inst, new Crossing(open.entryTsUs, open.entrySpread, open.entryVol, t.getReceiveTsUs(), s));
            }
        }
        return done;
    }

    private static double sampleStd(ArrayDeque<Double> w) {
        double mean = w.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double ss = w.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return Math.sqrt(ss / (w.size() - 1));
    }

    private static double[] returns(TreeMap<Long, Double> byMinute) {
        Double[] v = byMinute.values().toArray(new Double[0]);
        double[] r = new double[v.length - 1];
        for (int i = 1; i < v.length; i++) r[i - 1] = v[i] - v[i - 1];
        return r;
    }

    private static double correlation(double[] x, double[] y, int n) {
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
