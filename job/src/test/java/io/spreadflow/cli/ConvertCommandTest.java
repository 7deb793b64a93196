package io.spreadflow.cli;

import io.spreadflow.connectors.files.RealData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ConvertCommandTest {

    private static Path payload(String name) {
        return RealData.require("data/payloads/" + name);
    }

    @Test
    void convertsACryptofeedSessionToCanonicalCsv(@TempDir Path tmp) throws Exception {
        Path in = payload("BINANCE_FUTURES.ws.1.0");
        long bookTickers = Files.readAllLines(in).stream().filter(l -> !l.contains(" <- ") && l.contains("@bookTicker\",\"data\"")).count();
        Path out = tmp.resolve("usdm.csv");

        int code = new CommandLine(new ConvertCommand()).execute("--from", "cryptofeed", "--input", in.toString(), "--output", out.toString());

        assertThat(code).isZero();
        assertThat(Files.readAllLines(out)).hasSize((int) bookTickers + 1).first().isEqualTo("timestamp_us,venue,symbol,bid_price,bid_qty,ask_price,ask_qty");
    }

    @Test
    void contractSizedSessionWithoutSpecsFailsNamingTheInstrument(@TempDir Path tmp) {
        Path in = payload("GATEIO_FUTURES.ws.1.0");
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured));
        try {
            int code = new CommandLine(new ConvertCommand()).execute("--from", "cryptofeed", "--input", in.toString(), "--output", tmp.resolve("g.csv").toString());
            assertThat(code).isEqualTo(2);
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString()).contains("PHB_USDT").contains("--specs");
    }

    @Test
    void feedHelpListsVenuesAndTheirSymbols() {
        java.io.StringWriter help = new java.io.StringWriter();
        new CommandLine(new FeedCommand()).usage(new java.io.PrintWriter(help));
        assertThat(help.toString()).contains("binance-spot (BTC-USDT -> BTCUSDT)").contains("gateio-futures (BTC-USDT -> BTC_USDT, sizes in contracts)")
                .contains("okx-swap (BTC-USDT -> BTC-USDT-SWAP");
    }
}
