package io.spreadflow.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading metric names out of PromQL, without a scrape. */
class DashboardQueriesTest {

    @Test
    void functionsAggregationsLabelsRangesAndKeywordsAreNotMetricNames() {
        assertThat(DashboardQueries.metricNames(
                "histogram_quantile(0.99, sum by (le, route) (rate(http_seconds_bucket{route=\"/v1/x\", job=~\"exec.*\"}[5m])))"))
                .containsExactly("http_seconds_bucket");
        assertThat(DashboardQueries.metricNames("sum(rate(a_total[$__rate_interval])) / on(job) group_left(instance) b offset 5m"))
                .containsExactly("a_total", "b");
        assertThat(DashboardQueries.metricNames("max by (source) (lag_ms) > bool 1e3 and up{job=\"feed\"} unless c"))
                .containsExactly("lag_ms", "up", "c");
        assertThat(DashboardQueries.metricNames("sum(x) without (instance)")).containsExactly("x");
        assertThat(DashboardQueries.metricNames("vector(1)")).isEmpty();
    }

    @Test
    void aPanelWithAnUnknownMetricOrNoMetricIsReportedByTitle() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree("""
                {"panels": [
                  {"title": "Known", "targets": [{"expr": "rate(known_total[1m])"}]},
                  {"title": "Row", "type": "row", "panels": [
                    {"title": "Typo", "targets": [{"expr": "sum by (venue) (rate(knwon_total[1m]))"}]}]},
                  {"title": "Constant", "targets": [{"expr": "vector(1)"}]},
                  {"title": "Targets", "targets": [{"expr": "up"}]},
                  {"title": "Text", "type": "text"}
                ]}""");
        assertThat(DashboardQueries.problems(dashboard, Set.of("known_total")))
                .containsExactly("panel 'Typo': metric knwon_total is in no scrape", "panel 'Constant' names no metric");
    }
}
