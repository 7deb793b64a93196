package io.spreadflow.engine.indicator;

import io.spreadflow.engine.strategy.IndicatorSpec;

import java.util.List;

/**
 * The indicators one strategy declared, for one instrument: updated once per row, read by index or
 * name. Part of the instrument's state.
 */
public final class IndicatorSet {

    final String[] names;
    final IndicatorSpec.Kind[] kinds;
    final IndicatorSpec.Series[] series;
    final Object[] state;
    final double[] values;

    public IndicatorSet(List<IndicatorSpec> specs) {
        int n = specs.size();
        names = new String[n];
        kinds = new IndicatorSpec.Kind[n];
        series = new IndicatorSpec.Series[n];
        state = new Object[n];
        values = new double[n];
        for (int i = 0; i < n; i++) {
            IndicatorSpec s = specs.get(i);
            for (int j = 0; j < i; j++) {
                if (names[j].equals(s.name())) throw new IllegalArgumentException("indicator '" + s.name() + "' declared twice");
            }
            names[i] = s.name();
            kinds[i] = s.kind();
            series[i] = s.series();
            values[i] = Double.NaN;
            state[i] = switch (s.kind()) {
                case ROLLING_MEAN, ROLLING_STD, ZSCORE -> new RollingStats(s.window());
                case EWMA_MEAN, EWMA_STD -> new Ewma(s.alpha());
                case DIFF -> new Lag(s.window());
                case ROLLING_MIN -> new RollingExtreme(s.window(), false);
                case ROLLING_MAX -> new RollingExtreme(s.window(), true);
            };
        }
    }

    /** A restored set (see {@link IndicatorStateCodec}). */
    IndicatorSet(String[] names, IndicatorSpec.Kind[] kinds, IndicatorSpec.Series[] series, Object[] state, double[] values) {
        this.names = names;
        this.kinds = kinds;
        this.series = series;
        this.state = state;
        this.values = values;
    }

    /** True when some indicator follows the combined exit spread. */
    public boolean needsExitSpread() {
        for (IndicatorSpec.Series s : series) if (s == IndicatorSpec.Series.COMBINED_EXIT_SPREAD) return true;
        return false;
    }

    public int size() {
        return names.length;
    }

    /** Adds one row: the current value of each series. */
    public void update(double combined, double combinedExit, double spotASpread) {
        for (int i = 0; i < names.length; i++) {
            double x = switch (series[i]) {
                case COMBINED_SPREAD -> combined;
                case COMBINED_EXIT_SPREAD -> combinedExit;
                case SPOT_A_SPREAD -> spotASpread;
            };
            values[i] = switch (kinds[i]) {
                case ROLLING_MEAN -> { RollingStats r = (RollingStats) state[i]; r.add(x); yield r.mean(); }
                case ROLLING_STD -> { RollingStats r = (RollingStats) state[i]; r.add(x); yield r.std(); }
                case ZSCORE -> { RollingStats r = (RollingStats) state[i]; r.add(x); yield r.zScore(); }
                case EWMA_MEAN -> { Ewma e = (Ewma) state[i]; e.add(x); yield e.mean(); }
                case EWMA_STD -> { Ewma e = (Ewma) state[i]; e.add(x); yield e.std(); }
                case DIFF -> { Lag l = (Lag) state[i]; l.add(x); yield l.diff(); }
                case ROLLING_MIN, ROLLING_MAX -> { RollingExtreme r = (RollingExtreme) state[i]; r.add(x); yield r.value(); }
            };
        }
    }

    public double value(int i) {
        return values[i];
    }

    public String name(int i) {
        return names[i];
    }

    /** Index of an indicator by name, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) return i;
        }
        return -1;
    }

    /** The value of a declared indicator. */
    public double value(String name) {
        int i = indexOf(name);
        if (i < 0) throw new IllegalArgumentException("no indicator '" + name + "' was declared");
        return values[i];
    }
}
