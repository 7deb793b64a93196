package io.spreadflow.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spreadflow demo} with its defaults (embedded Kafka, local Flink cluster with RocksDB and
 * checkpoints, the execution service in-process, synthetic market, the built-in rdn configuration): it
 * exits 0 and ends with exactly one summary line in which ticks, signals, intents and the service's
 * fills were counted from the topics.
 */
class DemoCommandITCase {

    private static final Pattern SUMMARY = Pattern.compile(
            "summary: ticks=(\\d+) signals=(\\d+) intents=(\\d+) fills=(\\d+) dead_letters=(\\d+) pnl_quote=(-?[0-9.]+)");

    @Test
    void demoTradesWithinItsDurationAndPrintsOneSummaryLine() {
        StringWriter out = new StringWriter();
        CommandLine cli = SpreadflowCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        int rc = cli.execute("demo", "--duration", "35s", "--progress-every", "5s");

        String text = out.toString();
        assertThat(rc).as(text).isZero();
        List<String> summaries = text.lines().filter(l -> l.startsWith("summary:")).toList();
        assertThat(summaries).as(text).hasSize(1);
        for (String endpoint : List.of("job", "execution", "feed")) {
            assertThat(text).as("one metrics line for the %s", endpoint)
                    .containsPattern("(?m)^metrics: " + endpoint + " http://127\\.0\\.0\\.1:\\d+/metrics");
        }
        assertThat(text.strip()).as("the summary is the last line").endsWith(summaries.get(0));
        Matcher m = SUMMARY.matcher(summaries.get(0));
        assertThat(m.matches()).as(summaries.get(0)).isTrue();
        Map<String, Long> counts = new LinkedHashMap<>();
        String[] names = {"ticks", "signals", "intents", "fills", "dead_letters"};
        for (int i = 0; i < names.length; i++) counts.put(names[i], Long.parseLong(m.group(i + 1)));
        assertThat(counts.get("ticks")).as(text).isPositive();
        assertThat(counts.get("signals")).as(text).isPositive();
        assertThat(counts.get("intents")).as(text).isPositive();
        assertThat(counts.get("fills")).as("the execution service fills the intents' legs").isPositive();
        assertThat(counts.get("dead_letters")).isZero();
        assertThat(text).contains("execution: paper service on http://").containsPattern("execution: ledger holds [1-9]\\d* intents")
                .contains("flink: web UI http://").containsPattern("progress: t=\\d+s job=RUNNING");
    }
}
