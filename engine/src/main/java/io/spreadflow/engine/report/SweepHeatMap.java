package io.spreadflow.engine.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A heat map of a sweep's metric over two of its parameters, as an HTML section (table, inline data and
 * script; no external resources) for the sweep page. The reader picks the metric and the two parameters;
 * where other parameters vary too, a cell shows the best value among the sets that share its two values
 * (the smallest for drawdowns), and its tooltip names that set.
 */
public final class SweepHeatMap {

    private static final String SCRIPT = resource("sweep-heat-map.js");
    private static final String STYLE = resource("sweep-heat-map.css");

    private SweepHeatMap() {}

    /** The parameters that take at least two values; a heat map needs two of them. */
    public static List<String> varying(List<String> keys, List<Map<String, String>> params) {
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            Set<String> values = new LinkedHashSet<>();
            for (Map<String, String> p : params) values.add(p.get(k));
            if (values.size() > 1) out.add(k);
        }
        return out;
    }

    /**
     * The section, or an empty string when fewer than two parameters vary.
     *
     * @param metric the metric shown first (the sweep's ranking metric)
     * @param keys the sweep's parameter names, in grid order
     * @param params each set's parameter values
     * @param metrics each set's metrics (same order as {@code params}); numeric entries can be shown
     */
    public static String section(String metric, List<String> keys, List<Map<String, String>> params,
                                 List<Map<String, Object>> metrics) {
        if (params.size() != metrics.size()) throw new IllegalArgumentException("one metrics map per parameter set");
        List<String> axes = varying(keys, params);
        if (axes.size() < 2) return "";
        Set<String> names = new LinkedHashSet<>();
        names.add(metric);
        for (Map<String, Object> m : metrics) {
            m.forEach((k, v) -> {
                if (v instanceof Number && !k.endsWith("_us")) names.add(k);
            });
        }
        List<Map<String, Object>> sets = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("params", params.get(i));
            Map<String, Object> numbers = new LinkedHashMap<>();
            metrics.get(i).forEach((k, v) -> {
                if (names.contains(k)) numbers.put(k, v);
            });
            s.put("metrics", numbers);
            sets.add(s);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("metrics", new ArrayList<>(names));
        data.put("axes", axes);
        data.put("sets", sets);
        String json = ReportFolder.json(data).replace("</", "<\\/");
        return "<section id=\"heat-map\" data-cells=\"0\" data-errors=\"0\">\n<h2>Heat map</h2>\n"
                + "<p class=\"hm-hint\">Each cell: the best value among the parameter sets with that pair of values "
                + "(smallest for drawdowns); hover for the set.</p>\n"
                + "<p><label>metric <select id=\"hm-metric\"></select></label> <label>across <select id=\"hm-x\"></select></label> "
                + "<label>down <select id=\"hm-y\"></select></label></p>\n"
                + "<table id=\"hm-table\"></table><pre id=\"hm-errors\"></pre>\n"
                + "<style>" + STYLE + "</style>\n"
                + "<script type=\"application/json\" id=\"hm-data\">" + json + "</script>\n"
                + "<script>" + SCRIPT + "</script>\n</section>\n";
    }

    private static String resource(String name) {
        try (InputStream in = SweepHeatMap.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("resource " + name + " missing next to " + SweepHeatMap.class.getName());
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
