package io.spreadflow.engine.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spreadflow.connectors.files.RealData;
import io.spreadflow.connectors.files.TickFileReader;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.schemas.BookTicker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * One folder under {@code golden/}: its {@code case.json}, the engine configuration it describes, its
 * ticks in partition order and the check that trades reproduce its {@code expected_trades.csv}.
 */
public record GoldenCase(Path dir, JsonNode json, StrategyConfig config, List<Path> tickFiles) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The golden contract's tolerance for numbers other than times and ids. */
    private static final double REL = 1e-9;

    /** Every case folder, sorted by name; skips (or fails in CI) when the shared folder is missing. */
    public static List<GoldenCase> all() {
        Path root = RealData.require("golden");
        try (Stream<Path> dirs = Files.list(root)) {
            List<GoldenCase> out = new ArrayList<>();
            for (Path d : dirs.filter(p -> Files.isRegularFile(p.resolve("case.json"))).sorted().toList()) out.add(load(d));
            if (out.isEmpty()) throw new IllegalStateException("no golden case under " + root);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static GoldenCase load(Path dir) throws IOException {
        JsonNode j = JSON.readTree(dir.resolve("case.json").toFile());
        String spotA = null;
        String spotB = null;
        String futures = null;
        List<Path> files = new ArrayList<>();
        for (JsonNode v : j.get("venues")) {
            String role = v.get("role").asText();
            String venue = v.get("venue").asText();
            switch (role) {
                case "spot_a" -> spotA = venue;
                case "spot_b" -> spotB = venue;
                case "futures" -> futures = venue;
                default -> throw new IllegalArgumentException(dir + ": unknown role " + role);
            }
            files.add(dir.resolve(v.get("file").asText()));
        }
        List<String> spot = new ArrayList<>();
        if (spotA != null) spot.add(spotA);
        if (spotB != null) spot.add(spotB);
        Map<String, Object> params = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = j.get("params").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode n = e.getValue();
            params.put(e.getKey(), n.isIntegralNumber() ? (Object) n.asLong() : n.isNumber() ? (Object) n.asDouble()
                    : n.isBoolean() ? (Object) n.asBoolean() : n.asText());
        }
        StrategyConfig config = StrategyConfig.builder(j.get("strategy").asText())
                .venues(new StrategyConfig.VenueRoles(spot, futures))
                .barSeconds(j.get("bar_seconds").asInt())
                .params(params)
                // the reference books every trade at the touch, whatever its size
                .execution(StrategyConfig.ExecutionSettings.DEFAULT.withWalkBook(true))
                .build();
        return new GoldenCase(dir, j, config, files);
    }

    public String name() {
        return dir.getFileName().toString();
    }

    /** The id of the strategy the case was produced by. */
    public String strategy() {
        return json.get("strategy").asText();
    }

    /** The case's ticks merged as one partition delivers them. */
    public List<BookTicker> ticks() throws IOException {
        return TickFileReader.readMerged(tickFiles);
    }

    /** The rows of {@code expected_trades.csv}: header first. */
    public List<String[]> expectedTrades() throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("expected_trades.csv"))) {
            if (!line.isBlank()) rows.add(line.split(",", -1));
        }
        return rows;
    }

    /**
     * Asserts that {@code actual} are the case's expected trades: the same rows in the same order, each
     * with the file's columns in the file's order, times, ids and labels exact, numbers within 1e-9
     * relative.
     *
     * @return the number of expected trade rows
     */
    public int assertReproducedBy(List<Trade> actual) throws IOException {
        List<String[]> expected = expectedTrades();
        List<String> header = List.of(expected.get(0));
        List<String[]> rows = expected.subList(1, expected.size());
        assertThat(actual).as("trades of %s", name()).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> columns = actual.get(i).columnsView();
            assertThat(new ArrayList<>(columns.keySet())).as("columns of trade %d", i).containsExactlyElementsOf(header);
            for (int k = 0; k < header.size(); k++) {
                compare(name() + " trade " + i + " " + header.get(k), columns.get(header.get(k)), rows.get(i)[k]);
            }
        }
        return rows.size();
    }

    private static void compare(String what, Object actual, String expected) {
        if (actual instanceof Long || actual instanceof Integer) {
            assertThat(((Number) actual).longValue()).as(what).isEqualTo(Long.parseLong(expected));
        } else if (actual instanceof Double d) {
            double e = Double.parseDouble(expected);
            if (!(Math.abs(d - e) <= REL * Math.abs(e))) fail(what + ": expected " + expected + " but was " + d);
        } else if (actual instanceof String s) {
            assertThat(s).as(what).isEqualTo(expected);
        } else {
            fail(what + ": unexpected value " + actual + " (" + (actual == null ? "null" : actual.getClass()) + ")");
        }
    }
}
