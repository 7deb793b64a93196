package io.spreadflow.engine.strategy;

import java.io.Serializable;
import java.util.Objects;

/**
 * An indicator the framework keeps for a strategy, updated once per row in O(1), readable by name
 * through {@link MarketView#indicator(String)}.
 *
 * @param name    how the strategy reads it
 * @param kind    what is computed
 * @param series  over which series
 * @param window  rows in the window (rolling kinds, z-score, diff); ignored by EWMA kinds
 * @param alpha   EWMA smoothing factor in (0, 1]; ignored by rolling kinds
 */
public record IndicatorSpec(String name, Kind kind, Series series, int window, double alpha) implements Serializable {

    /** What an indicator computes. */
    public enum Kind {
        /** Mean of the last {@code window} values. */
        ROLLING_MEAN,
        /** Sample standard deviation (divisor n−1) of the last {@code window} values, as pandas. */
        ROLLING_STD,
        /** {@code (x − rolling mean)/rolling std} over {@code window}. */
        ZSCORE,
        /** Exponentially weighted mean. */
        EWMA_MEAN,
        /** Square root of the exponentially weighted variance. */
        EWMA_STD,
        /** {@code x − x[window rows ago]}. */
        DIFF,
        /** Smallest of the last {@code window} values. */
        ROLLING_MIN,
        /** Largest of the last {@code window} values. */
        ROLLING_MAX
    }

    /** Which per-row series an indicator follows. */
    public enum Series {
        /** The combined entry spread. */
        COMBINED_SPREAD,
        /** The combined exit spread. */
        COMBINED_EXIT_SPREAD,
        /** Spot A's entry spread. */
        SPOT_A_SPREAD
    }

    public IndicatorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(series, "series");
        boolean ewma = kind == Kind.EWMA_MEAN || kind == Kind.EWMA_STD;
        if (!ewma && window < 1) throw new IllegalArgumentException("indicator '" + name + "' needs a window >= 1");
        if (kind == Kind.ROLLING_STD || kind == Kind.ZSCORE) {
            if (window < 2) throw new IllegalArgumentException("indicator '" + name + "' needs a window >= 2");
        }
        if (ewma && !(alpha > 0 && alpha <= 1)) throw new IllegalArgumentException("indicator '" + name + "' needs 0 < alpha <= 1");
    }

    public static IndicatorSpec rollingStd(String name, Series series, int window) {
        return new IndicatorSpec(name, Kind.ROLLING_STD, series, window, Double.NaN);
    }

    public static IndicatorSpec rollingMean(String name, Series series, int window) {
        return new IndicatorSpec(name, Kind.ROLLING_MEAN, series, window, Double.NaN);
    }

    public static IndicatorSpec zScore(String name, Series series, int window) {
        return new IndicatorSpec(name, Kind.ZSCORE, series, window, Double.NaN);
    }

    public static IndicatorSpec ewmaMean(String name, Series series, double alpha) {
        return new IndicatorSpec(name, Kind.EWMA_MEAN, series, 0, alpha);
    }

    public static IndicatorSpec ewmaStd(String name, Series series, double alpha) {
        return new IndicatorSpec(name, Kind.EWMA_STD, series, 0, alpha);
    }
}
