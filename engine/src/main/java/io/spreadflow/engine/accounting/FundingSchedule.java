package io.spreadflow.engine.accounting;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The funding rates a backtest applies, by perpetual venue and instrument, in time order. Immutable;
 * {@link #NONE} applies none.
 */
public final class FundingSchedule implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final FundingSchedule NONE = new FundingSchedule(Map.of());

    /** The funding times and rates of one perpetual, ascending in time. */
    public record Series(long[] timesUs, BigDecimal[] rates) implements Serializable {
        public int size() {
            return timesUs.length;
        }
    }

    private final Map<String, Series> series;

    private FundingSchedule(Map<String, Series> series) {
        this.series = series;
    }

    /**
     * The schedule of {@code rates}, any order. Two rates for the same venue, instrument and time are
     * an error: which one applies would be a guess.
     */
    public static FundingSchedule of(List<FundingRate> rates) {
        Map<String, List<FundingRate>> byKey = new HashMap<>();
        for (FundingRate r : rates) byKey.computeIfAbsent(key(r.venue(), r.instrument()), k -> new ArrayList<>()).add(r);
        Map<String, Series> out = new HashMap<>();
        for (Map.Entry<String, List<FundingRate>> e : byKey.entrySet()) {
            List<FundingRate> l = new ArrayList<>(e.getValue());
            l.sort(Comparator.comparingLong(FundingRate::timeUs));
            long[] t = new long[l.size()];
            BigDecimal[] r = new BigDecimal[l.size()];
            for (int i = 0; i < l.size(); i++) {
                t[i] = l.get(i).timeUs();
                r[i] = l.get(i).rate();
                if (i > 0 && t[i] == t[i - 1]) {
                    throw new IllegalArgumentException("two funding rates for " + l.get(i).venue() + " "
                            + l.get(i).instrument() + " at " + t[i] + " µs");
                }
            }
            out.put(e.getKey(), new Series(t, r));
        }
        return new FundingSchedule(Collections.unmodifiableMap(out));
    }

    /** The series of a perpetual venue and instrument, or {@code null} when the schedule has none. */
    public Series series(String venue, String instrument) {
        return venue == null ? null : series.get(key(venue, instrument));
    }

    public boolean isEmpty() {
        return series.isEmpty();
    }

    private static String key(String venue, String instrument) {
        return venue + '\u0000' + instrument;
    }
}
