package io.spreadflow.connectors.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Scrapes a {@code /metrics} endpoint and reads it with the Prometheus project's own text parser (the Python
 * client's {@code prometheus_client.parser}, Debian's python3-prometheus-client), not with ours.
 */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** The body of {@code GET url}, with {@code Authorization: Bearer token} when a token is given; fails unless 200. */
    public static String scrape(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) b.header("Authorization", "Bearer " + token);
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
        return r.body();
    }

    private static volatile Boolean parserPresent;

    /**
     * The parser is a Debian package ({@code .ci/install-deps.sh} installs it): without it a test is skipped with
     * a message, except under {@code CI=true}, where it fails.
     */
    static void requireParser() throws InterruptedException {
        if (parserPresent == null) {
            boolean ok;
            try {
                ok = new ProcessBuilder("/usr/bin/python3", "-c", "import prometheus_client.parser").redirectErrorStream(true).start()
                        .waitFor() == 0;
            } catch (IOException e) {
                ok = false;
            }
            parserPresent = ok;
        }
        if (!parserPresent) {
            String msg = "the Prometheus text parser is missing: install Debian's python3-prometheus-client (.ci/install-deps.sh)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException(msg);
            org.junit.jupiter.api.Assumptions.abort(msg);
        }
    }

    /** Every sample as {@code name{labels} -> value} (labels sorted), read by prometheus_client's text parser. */
    public static Map<String, Double> parse(String text, Path dir) throws IOException, InterruptedException {
        requireParser();
        Path in = Files.writeString(Files.createTempFile(dir, "scrape", ".txt"), text);
        String script = "import sys\nfrom prometheus_client.parser import text_string_to_metric_families\n"
                + "for f in text_string_to_metric_families(open(sys.argv[1]).read()):\n"
                + "  for s in f.samples:\n"
                + "    print(s.name + '{' + ','.join(k + '=\"' + v + '\"' for k, v in sorted(s.labels.items())) + '}' + '\\t' + str(float(s.value)))\n";
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, in.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("prometheus_client parser failed: " + out);
        Map<String, Double> samples = new HashMap<>();
        for (String line : out.split("\n")) {
            int tab = line.lastIndexOf('\t');
            if (tab < 0) continue;
            String v = line.substring(tab + 1).trim();
            // Python spells the specials nan / inf / -inf
            samples.put(line.substring(0, tab), v.equals("nan") ? Double.NaN : v.equals("inf") ? Double.POSITIVE_INFINITY
                    : v.equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(v));
        }
        return samples;
    }

    /** The sample names (without labels) of a parsed scrape. */
    public static Set<String> names(Map<String, Double> samples) {
        Set<String> names = new TreeSet<>();
        samples.keySet().forEach(k -> names.add(k.substring(0, k.indexOf('{'))));
        return names;
    }

    /** The sum of the samples of {@code name} whose labels contain every {@code label} fragment. */
    public static double value(Map<String, Double> samples, String name, String... labels) {
        double sum = 0;
        for (var e : samples.entrySet()) {
            if (!e.getKey().startsWith(name + "{")) continue;
            boolean all = true;
            for (String l : labels) all &= e.getKey().contains(l);
            if (all) sum += e.getValue();
        }
        return sum;
    }
}
