package io.spreadflow.cli;

import io.spreadflow.connectors.files.RealData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's backtest example, run as a user runs it: its own JVM, the command line's logging
 * configuration. A successful run prints its result line and nothing else: no WARN, no stack trace.
 */
class BacktestConsoleITCase {

    @TempDir
    Path dir;

    @Test
    void theReadmeBacktestExamplePrintsOnlyItsResultLine() throws Exception {
        Path data = RealData.require("data/mexc-gateio");
        Path out = dir.resolve("rdn-lunc");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                // the command line's logging configuration, not the tests'
                "-Dlog4j2.configurationFile=" + Path.of("target", "classes", "log4j2.properties").toAbsolutePath(),
                "-cp", System.getProperty("java.class.path"), SpreadflowCli.class.getName(),
                "backtest", "--strategy", "rdn",
                "--input", data.resolve("mexc_spot_LUNC_USDT_bookTicker_20251011.csv").toString(),
                data.resolve("gateio_futures_LUNC_USDT_bookTicker_20251011.csv").toString(),
                "--spot", "mexc-spot", "--futures", "gateio-futures", "--bar-seconds", "1",
                "--param", "entry_spread_threshold=-0.3", "--param", "exit_spread_threshold=-0.12",
                "--param", "stop_loss_threshold=-0.5", "--out", out.toString()));
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("backtest finished").isTrue();
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("exit code; stderr: %s", err).isZero();
        assertThat(err).as("stderr of a successful backtest").isEmpty();
        assertThat(lines).as("stdout").singleElement().satisfies(l ->
                assertThat(l).matches("rdn: 20000 ticks, \\d+ trades, P&L -?[0-9.]+ quote \\(-?[0-9.]+ %\\), report in .*"));
        assertThat(out.resolve("decisions.csv")).isNotEmptyFile();
    }
}
