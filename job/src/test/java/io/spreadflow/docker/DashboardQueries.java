package io.spreadflow.docker;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a Grafana dashboard's PromQL queries use, panel by panel. */
final class DashboardQueries {

    /** Series Prometheus makes itself for every target; no scrape contains them. */
    static final Set<String> PROMETHEUS_OWN = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added");

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^\\]]*]");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    /** An identifier not inside a number, a duration or a $variable. */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:$])[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring",
            "group_left", "group_right", "inf", "nan", "Inf", "NaN", "atan2");

    private DashboardQueries() {
    }

    /** The metric names of one PromQL expression, in order of appearance. */
    static Set<String> metricNames(String promql) {
        String e = STRINGS.matcher(promql).replaceAll("\"\"");
        e = MATCHERS.matcher(e).replaceAll(" ");
        e = RANGES.matcher(e).replaceAll(" ");
        e = GROUPING.matcher(e).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(e);
        while (m.find()) {
            String rest = e.substring(m.end()).stripLeading();
            if (rest.startsWith("(")) continue; // a function or an aggregation
            if (KEYWORDS.contains(m.group())) continue;
            names.add(m.group());
        }
        return names;
    }

    /** Every panel's metric names by panel title, rows' nested panels included; a panel without queries is left out. */
    static Map<String, Set<String>> byPanel(JsonNode dashboard) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            panels.add(p);
            p.path("panels").forEach(panels::add);
        });
        for (JsonNode p : panels) {
            if (!p.has("targets")) continue;
            Set<String> names = out.computeIfAbsent(p.path("title").asText(), t -> new LinkedHashSet<>());
            p.get("targets").forEach(t -> names.addAll(metricNames(t.path("expr").asText())));
        }
        return out;
    }

    /** One line per panel query that names no metric, or a metric no scrape produced, naming the panel. */
    static List<String> problems(JsonNode dashboard, Set<String> scraped) {
        List<String> problems = new ArrayList<>();
        byPanel(dashboard).forEach((title, names) -> {
            if (names.isEmpty()) problems.add("panel '" + title + "' names no metric");
            for (String n : names) {
                if (!scraped.contains(n) && !PROMETHEUS_OWN.contains(n)) problems.add("panel '" + title + "': metric " + n + " is in no scrape");
            }
        });
        return problems;
    }
}
