package io.spreadflow.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spreadflow.connectors.files.SharedData;
import io.spreadflow.connectors.files.TickFileReader;
import io.spreadflow.connectors.files.TickMerge;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.schemas.BookTicker;
import org.junit.jupiter.api.Assumptions;

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

/** One folder of {@code golden/}: its case.json as a strategy configuration, its ticks and expected trades. */
record GoldenCaseFiles(Path dir, JsonNode json, StrategyConfig config) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every case, sorted by name; skipped when the shared folder is missing, except in CI where that fails. */
    static List<GoldenCaseFiles> all() {
        Path root;
        try {
            root = SharedData.resolve("golden");
        } catch (SharedData.MissingSharedData e) {
            if (SharedData.inCi()) throw e;
            Assumptions.abort("golden cases not available: " + e.getMessage());
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            List<GoldenCaseFiles> out = new ArrayList<>();
            for (Path d : dirs.filter(p -> Files.isRegularFile(p.resolve("case.json"))).sorted().toList()) out.add(load(d));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GoldenCaseFiles load(Path dir) throws IOException {
        JsonNode j = JSON.readTree(dir.resolve("case.json").toFile());
        String spotA = null;
        String spotB = null;
        String futures = null;
        for (JsonNode v : j.get("venues")) {
            switch (v.get("role").asText()) {
                case "spot_a" -> spotA = v.get("venue").asText();
                case "spot_b" -> spotB = v.get("venue").asText();
                case "futures" -> futures = v.get("venue").asText();
                default -> throw new IllegalArgumentException(dir + ": unknown role " + v.get("role"));
            }
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
        return new GoldenCaseFiles(dir, j, config);
    }

    String name() {
        return dir.getFileName().toString();
    }

    String strategy() {
        return json.get("strategy").asText();
    }

    /** The case's ticks merged into one partition's order (stable by receive time). */
    List<BookTicker> ticks() throws IOException {
        List<List<BookTicker>> perFile = new ArrayList<>();
        for (JsonNode v : json.get("venues")) perFile.add(TickFileReader.readAll(dir.resolve(v.get("file").asText())));
        return TickMerge.sort(perFile);
    }

    /** The rows of expected_trades.csv, header first. */
    List<String[]> expectedTrades() throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("expected_trades.csv"))) if (!line.isBlank()) rows.add(line.split(",", -1));
        return rows;
    }
}
