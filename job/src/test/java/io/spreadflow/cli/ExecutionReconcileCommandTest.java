package io.spreadflow.cli;

import io.spreadflow.execution.venue.sim.BinanceFamilySim;
import io.spreadflow.execution.venue.sim.GateSim;
import io.spreadflow.execution.venue.sim.SimExchange;
import io.spreadflow.execution.venue.sim.VenueSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code spreadflow execution reconcile} against the venue simulators: clean, then with an injected order and position. */
class ExecutionReconcileCommandTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        CommandLine cl = SpreadflowCli.commandLine();
        cl.setErr(new PrintWriter(err));
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = cl.execute(args);
        } finally {
            System.setOut(stdout);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    @Test
    void reportsAnInjectedMismatchWithoutTrading() throws Exception {
        SimExchange spot = new SimExchange(false, false, new BigDecimal("0.001"), new BigDecimal("0.5"));
        spot.list(new SimExchange.Market("BTCUSDT", "BTC", "USDT", List.of(SimExchange.Level.of("99.9", "10")),
                List.of(SimExchange.Level.of("100", "10")), BigDecimal.ONE, new BigDecimal("0.1"), new BigDecimal("0.001"),
                new BigDecimal("0.001"), new BigDecimal("5")));
        SimExchange fut = new SimExchange(true, false, new BigDecimal("0.001"), new BigDecimal("0.5"));
        fut.list(new SimExchange.Market("BTC_USDT", "BTC", "USDT", List.of(SimExchange.Level.of("99.9", "1000")),
                List.of(SimExchange.Level.of("100", "1000")), new BigDecimal("0.01"), new BigDecimal("0.1"), BigDecimal.ONE, BigDecimal.ONE,
                BigDecimal.ZERO));
        try (VenueSimulator mexc = new VenueSimulator(spot, new BinanceFamilySim(BinanceFamilySim.Variant.MEXC), "key-1", "secret-1");
             VenueSimulator gate = new VenueSimulator(fut, new GateSim(true), "key-1", "secret-1")) {
            Path creds = dir.resolve("venues.properties");
            Files.writeString(creds, "mexc-spot.key=key-1\nmexc-spot.secret=secret-1\ngateio-futures.key=key-1\ngateio-futures.secret=secret-1\n");
            String[] args = {"execution", "reconcile", "--venue", "mexc-spot=live", "--venue", "gateio-futures=live",
                    "--base-url", "mexc-spot=" + mexc.baseUrl(), "--base-url", "gateio-futures=" + gate.baseUrl(),
                    "--credentials-file", creds.toString(), "--data-dir", dir.resolve("execution").toString(), "--instrument", "BTC-USDT"};

            Run clean = run(args);
            assertThat(clean.exitCode()).as(clean.err()).isZero();
            assertThat(clean.out()).contains("ok       gateio-futures  position BTC_USDT: ledger 0, venue 0")
                    .contains("reconciled: ledger and venues agree");

            spot.restNextOrder();
            spot.place("manual-1", "BTCUSDT", true, BigDecimal.ONE, new BigDecimal("99"), false);
            fut.setPosition("BTC_USDT", "-7");
            Run dirty = run(args);
            assertThat(dirty.exitCode()).isEqualTo(ExecutionReconcileCommand.MISMATCH);
            assertThat(dirty.out()).contains("MISMATCH mexc-spot  open order manual-1 on BTCUSDT: ledger unknown, venue open")
                    .contains("MISMATCH gateio-futures  position BTC_USDT: ledger 0, venue -0.07")
                    .contains("NOT reconciled: 2 mismatch(es)");
            assertThat(dirty.out() + dirty.err()).doesNotContain("secret-1");
            // it traded nothing and canceled nothing
            assertThat(spot.orders()).hasSize(1);
            assertThat(spot.openOrders("BTCUSDT")).hasSize(1);
            assertThat(mexc.exchange().requests()).noneMatch(r -> r.startsWith("POST") || r.startsWith("DELETE"));
            assertThat(gate.exchange().requests()).noneMatch(r -> r.startsWith("POST") || r.startsWith("DELETE"));
        }
    }
}
