package io.spreadflow.backtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A grid of parameter values ({@code --grid key=v1,v2,…}, repeatable) and its combinations, the first
 * key varying slowest.
 */
public record ParameterGrid(Map<String, List<String>> axes) {

    public ParameterGrid {
        axes = new LinkedHashMap<>(axes);
    }

    /** Parses {@code key=v1,v2,...} specs. */
    public static ParameterGrid parse(List<String> specs) {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new IllegalArgumentException("--grid expects key=v1,v2,... , got '" + spec + "'");
            }
            String key = spec.substring(0, eq).trim();
            List<String> values = new ArrayList<>();
            for (String v : spec.substring(eq + 1).split(",")) if (!v.isBlank()) values.add(v.trim());
            if (values.isEmpty()) throw new IllegalArgumentException("--grid " + key + " has no values");
            if (axes.put(key, values) != null) throw new IllegalArgumentException("--grid names '" + key + "' twice");
        }
        return new ParameterGrid(axes);
    }

    /** Every combination, as key → value text. */
    public List<Map<String, String>> combinations() {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String v : axis.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(axis.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }
}
