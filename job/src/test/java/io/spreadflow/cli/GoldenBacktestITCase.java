package io.spreadflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spreadflow.engine.golden.GoldenCase;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every golden case through the command line: {@code backtest --strategy ID --input <case files> --spot …
 * --futures … --bar-seconds N --param …} must write the case's expected trades as the first columns of
 * trades.csv (times, ids, labels equal; numbers within 1e-9 relative).
 */
class GoldenBacktestITCase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> shouldReproduceEveryGoldenCaseThroughTheCommandLine() {
        return GoldenCase.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> reproduce(c.dir(), c.json())));
    }

    private static void reproduce(Path dir, JsonNode c) throws Exception {
        List<String> args = new ArrayList<>(List.of("--strategy", c.get("strategy").asText(),
                "--bar-seconds", c.get("bar_seconds").asText(), "--mode", "batch"));
        List<String> spots = new ArrayList<>();
        String futures = null;
        args.add("--input");
        for (JsonNode v : c.get("venues")) {
            args.add(dir.resolve(v.get("file").asText()).toString());
            String role = v.get("role").asText();
            if (role.equals("futures")) futures = v.get("venue").asText();
            else if (role.equals("spot_a")) spots.add(0, v.get("venue").asText());
            else spots.add(v.get("venue").asText());
        }
        args.add("--spot");
        args.add(String.join(",", spots));
        if (futures != null) {
            args.add("--futures");
            args.add(futures);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = c.get("params").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            args.add("--param");
            args.add(p.getKey() + "=" + p.getValue().asText());
        }
        Path out = Path.of("target", "golden-backtest", dir.getFileName().toString()).toAbsolutePath();
        args.add("--out");
        args.add(out.toString());

        int code = new CommandLine(new BacktestCommand()).execute(args.toArray(String[]::new));

        assertThat(code).as("exit code of backtest %s", args).isZero();
        for (String f : List.of("trades.csv", "metrics.json", "equity.csv", "report.html")) assertThat(out.resolve(f)).exists();
        List<String> expected = Files.readAllLines(dir.resolve("expected_trades.csv"));
        List<String> actual = Files.readAllLines(out.resolve("trades.csv"));
        String[] header = expected.get(0).split(",");
        assertThat(actual.get(0)).startsWith(expected.get(0) + ",");
        assertThat(actual).as("trade rows").hasSameSizeAs(expected);
        for (int i = 1; i < expected.size(); i++) {
            String[] e = expected.get(i).split(",");
            String[] a = actual.get(i).split(",");
            for (int k = 0; k < header.length; k++) {
                String col = header[k];
                if (isNumber(e[k]) && (e[k].contains(".") || e[k].contains("e") || e[k].contains("E")) && !col.endsWith("_us")) {
                    double x = Double.parseDouble(e[k]);
                    double y = Double.parseDouble(a[k]);
                    assertThat(Math.abs(y - x)).as("%s row %d %s: %s vs %s", dir.getFileName(), i, col, a[k], e[k])
                            .isLessThanOrEqualTo(1e-9 * Math.abs(x));
                } else {
                    assertThat(a[k]).as("%s row %d %s", dir.getFileName(), i, col).isEqualTo(e[k]);
                }
            }
        }
        JsonNode m = JSON.readTree(out.resolve("metrics.json").toFile());
        assertThat(m.get("trades").asInt()).isEqualTo(c.get("expected").get("trades").asInt());
        assertThat(m.get("reference_pnl_pct_sum").asDouble())
                .isCloseTo(c.get("expected").get("sum_trade_pnl_pct").asDouble(), org.assertj.core.api.Assertions.within(1e-9));
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
