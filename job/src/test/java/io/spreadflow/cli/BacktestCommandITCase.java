package io.spreadflow.cli;

import io.spreadflow.connectors.files.TickFileReader;
import io.spreadflow.connectors.files.TickFileWriter;
import io.spreadflow.connectors.files.RealData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spreadflow.connectors.kafka.EmbeddedKafka;
import io.spreadflow.connectors.replay.Replay;
import io.spreadflow.connectors.replay.ReplaySpeed;
import io.spreadflow.connectors.replay.TickPublisher;
import io.spreadflow.engine.market.Spreads;
import io.spreadflow.schemas.BookTicker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spreadflow backtest} end to end over the real recordings: the full LUNC pair with 1 s bars and
 * the Binance BTC pair each write the four report files; on BTC the reverse delta-neutral strategy with
 * Binance's taker fees and its fee hurdle emits no entry, while without fees a threshold taken from the
 * data trades; the Avro ticks topic with a time range, and Avro tick files, give the same trades as the
 * CSV files.
 */
class BacktestCommandITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> REPORT_FILES = List.of("trades.csv", "metrics.json", "equity.csv", "report.html", "decisions.csv");
    /** Thresholds the LUNC pair crosses (those of the rdn golden case). */
    private static final List<String> LUNC_PARAMS = List.of("--param", "entry_spread_threshold=-0.3",
            "--param", "exit_spread_threshold=-0.12", "--param", "stop_loss_threshold=-0.5",
            "--param", "max_holding_hours=0.005");

    @TempDir
    Path dir;

    @Test
    void shouldWriteTheFourReportFilesOverTheFullLuncRecordingsWithFunding() throws Exception {
        List<Path> files = luncFiles();
        List<BookTicker> ticks = TickFileReader.readMerged(files);
        // a funding time every 2 s over the recording, rate +0.01 %: the short perpetual leg receives
        Path funding = dir.resolve("funding.csv");
        StringBuilder csv = new StringBuilder("timestamp_us,venue,symbol,rate\n");
        long first = ticks.get(0).getReceiveTsUs();
        long last = ticks.get(ticks.size() - 1).getReceiveTsUs();
        for (long t = first - first % 2_000_000L; t <= last; t += 2_000_000L) csv.append(t).append(",gateio-futures,LUNC_USDT,0.0001\n");
        Files.writeString(funding, csv);
        Path out = dir.resolve("lunc");
        List<String> args = new ArrayList<>(List.of("--strategy", "rdn", "--input"));
        args.addAll(files.stream().map(Path::toString).toList());
        args.addAll(List.of("--spot", "mexc-spot", "--futures", "gateio-futures", "--bar-seconds", "1",
                "--funding", funding.toString(), "--out", out.toString()));
        args.addAll(LUNC_PARAMS);

        run(args);

        JsonNode m = reportOf(out);
        assertThat(m.get("run").get("ticks").asLong()).as("every tick of both files").isEqualTo(20_000);
        assertThat(m.get("trades").asInt()).isPositive();
        List<String> trades = Files.readAllLines(out.resolve("trades.csv"));
        assertThat(trades).hasSize(m.get("trades").asInt() + 1);
        int col = List.of(trades.get(0).split(",")).indexOf("funding_quote");
        java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
        for (String line : trades.subList(1, trades.size())) sum = sum.add(new java.math.BigDecimal(line.split(",")[col]));
        assertThat(sum).as("funding received by the short perpetual legs").isPositive();
        assertThat(m.get("funding_quote").decimalValue()).as("metrics print quote figures to 1e-10")
                .isEqualByComparingTo(sum.setScale(10, java.math.RoundingMode.HALF_EVEN));
        assertThat(Files.readString(out.resolve("report.html"))).contains("rdn backtest: LUNC-USDT", "id=\"report-data\"");
    }

    @Test
    void shouldNotEnterOnBinanceBtcWithRealTakerFeesButTradeWithoutThem() throws Exception {
        List<Path> files = btcFiles();
        double[] basis = entrySpreads(TickFileReader.readMerged(files));
        double threshold = basis[0] + (basis[basis.length / 2] - basis[0]) * 0.2;
        List<String> base = new ArrayList<>(List.of("--strategy", "rdn", "--input"));
        base.addAll(files.stream().map(Path::toString).toList());
        base.addAll(List.of("--spot", "binance-spot", "--futures", "binance-usdm"));
        List<String> fees = List.of("--fee", "binance-spot=0.001", "--fee", "binance-usdm=0.0005",
                "--param", "net_of_fees=true");
        List<String> low = List.of("--param", "entry_spread_threshold=" + threshold, "--param", "min_volatility=0");

        Path reference = dir.resolve("btc-reference");
        run(concat(base, fees, List.of("--out", reference.toString())));
        JsonNode r = reportOf(reference);
        assertThat(r.get("run").get("ticks").asLong()).isEqualTo(28_040 + 66_089);
        assertThat(r.get("trades").asInt()).as("reference thresholds, real fees").isZero();
        assertThat(r.get("run").get("intents").asInt()).isZero();

        Path hurdle = dir.resolve("btc-hurdle");
        run(concat(base, fees, low, List.of("--out", hurdle.toString())));
        assertThat(reportOf(hurdle).get("run").get("intents").asInt()).as("threshold %s %% with fees", threshold).isZero();

        Path free = dir.resolve("btc-free");
        run(concat(base, low, List.of("--out", free.toString())));
        JsonNode f = reportOf(free);
        assertThat(f.get("run").get("intents").asInt()).as("threshold %s %% without fees", threshold).isPositive();
        assertThat(f.get("trades").asInt()).isPositive();
    }

    @Test
    void shouldGiveTheSameTradesFromTheTicksTopicAsFromTheFiles() throws Exception {
        List<Path> files = luncFiles();
        List<BookTicker> ticks = TickFileReader.readMerged(files);
        // a range inside the recording: both inputs must cut it the same way
        Instant from = Instant.ofEpochSecond(0, ticks.get(ticks.size() / 4).getReceiveTsUs() * 1000);
        Instant to = Instant.ofEpochSecond(0, ticks.get(ticks.size() - 10).getReceiveTsUs() * 1000);
        List<String> common = new ArrayList<>(List.of("--strategy", "rdn", "--spot", "mexc-spot", "--futures",
                "gateio-futures", "--bar-seconds", "1", "--from", from.toString(), "--to", to.toString()));
        common.addAll(LUNC_PARAMS);

        Path fromFiles = dir.resolve("files");
        List<String> fileArgs = new ArrayList<>(common);
        fileArgs.add("--input");
        fileArgs.addAll(files.stream().map(Path::toString).toList());
        fileArgs.addAll(List.of("--out", fromFiles.toString()));
        run(fileArgs);

        Path fromTopic = dir.resolve("topic");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(Map.of("ticks", 3, "ticks.dlq", 1));
            Replay.Result published;
            try (TickPublisher p = new TickPublisher(TickPublisher.producerProperties(kafka.bootstrapServers()), "ticks", "ticks.dlq")) {
                published = Replay.run(files, ReplaySpeed.MAX, p);
            }
            assertThat(published.published()).isEqualTo(ticks.size());
            run(concat(common, List.of("--topic", "ticks", "--bootstrap", kafka.bootstrapServers(),
                    "--out", fromTopic.toString())));
        }

        JsonNode f = reportOf(fromFiles);
        JsonNode t = reportOf(fromTopic);
        assertThat(f.get("trades").asInt()).as("trades in the range").isPositive();
        assertThat(t.get("run").get("ticks")).isEqualTo(f.get("run").get("ticks"));
        assertThat(f.get("run").get("ticks").asLong()).isLessThan(ticks.size());
        assertThat(Files.readAllLines(fromTopic.resolve("trades.csv")))
                .containsExactlyElementsOf(Files.readAllLines(fromFiles.resolve("trades.csv")));
        assertThat(Files.readAllLines(fromTopic.resolve("equity.csv")))
                .containsExactlyElementsOf(Files.readAllLines(fromFiles.resolve("equity.csv")));
    }

    @Test
    void shouldGiveTheSameTradesFromAvroTickFilesAsFromTheCsvFiles() throws Exception {
        List<Path> csv = luncFiles();
        List<Path> avro = new ArrayList<>();
        for (Path f : csv) {
            Path a = dir.resolve(f.getFileName().toString().replace(".csv", ".avro"));
            try (TickFileWriter w = TickFileWriter.create(a)) {
                for (BookTicker t : TickFileReader.readAll(f)) w.write(t);
            }
            avro.add(a);
        }
        List<String> common = new ArrayList<>(List.of("--strategy", "rdn", "--spot", "mexc-spot", "--futures",
                "gateio-futures", "--bar-seconds", "1"));
        common.addAll(LUNC_PARAMS);

        Path fromCsv = dir.resolve("csv");
        run(concat(common, List.of("--input"), csv.stream().map(Path::toString).toList(), List.of("--out", fromCsv.toString())));
        Path fromAvro = dir.resolve("avro");
        run(concat(common, List.of("--input"), avro.stream().map(Path::toString).toList(), List.of("--out", fromAvro.toString())));

        JsonNode c = reportOf(fromCsv);
        JsonNode a = reportOf(fromAvro);
        assertThat(a.get("run").get("ticks").asLong()).as("every tick of both Avro files").isEqualTo(20_000);
        assertThat(c.get("trades").asInt()).isPositive();
        assertThat(a.get("trades")).isEqualTo(c.get("trades"));
        assertThat(Files.readAllLines(fromAvro.resolve("trades.csv"))).containsExactlyElementsOf(Files.readAllLines(fromCsv.resolve("trades.csv")));
        assertThat(Files.readAllLines(fromAvro.resolve("equity.csv"))).containsExactlyElementsOf(Files.readAllLines(fromCsv.resolve("equity.csv")));
    }

    /** The LUNC case with a cool-down between entries of {@code coolDownSeconds}; the folder's decisions.csv rows. */
    private List<Map<String, String>> decisionsWithCoolDown(int coolDownSeconds) throws Exception {
        Path out = dir.resolve("cool-down-" + coolDownSeconds);
        List<String> args = new ArrayList<>(List.of("--strategy", "rdn", "--input"));
        args.addAll(luncFiles().stream().map(Path::toString).toList());
        Path yaml = dir.resolve("cool-down-" + coolDownSeconds + ".yaml");
        Files.writeString(yaml, """
                strategy: rdn
                params: {entry_spread_threshold: -0.3, exit_spread_threshold: -0.12, stop_loss_threshold: -0.5, max_holding_hours: 0.005}
                instruments: [LUNC-USDT]
                venues: {spot: [mexc-spot], futures: gateio-futures}
                bar-seconds: 1
                risk: {cool-down: %ds}
                """.formatted(coolDownSeconds));
        args.addAll(List.of("--config", yaml.toString(), "--out", out.toString()));
        run(args);
        reportOf(out);
        List<String> lines = Files.readAllLines(out.resolve("decisions.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, String> row = new java.util.LinkedHashMap<>();
            for (int i = 0; i < header.size() - 1; i++) row.put(header.get(i), cells[i]);
            row.put(header.get(header.size() - 1), String.join(",", Arrays.copyOfRange(cells, header.size() - 1, cells.length)));
            rows.add(row);
        }
        return rows;
    }

    @Test
    void decisionsExplainEveryEntryTheCoolDownRefused() throws Exception {
        List<Map<String, String>> free = decisionsWithCoolDown(0);
        assertThat(free).as("decisions without a cool-down").isNotEmpty()
                .noneMatch(r -> r.get("reason").contains("COOLDOWN"));
        List<Map<String, String>> cooled = decisionsWithCoolDown(30);

        List<Map<String, String>> refused = cooled.stream().filter(r -> r.get("reason").startsWith("ENTER_REFUSED_")).toList();
        assertThat(refused).as("entries the 30 s cool-down refused").isNotEmpty();
        long lastEntry = Long.MIN_VALUE;
        for (Map<String, String> r : cooled) {
            long ts = Long.parseLong(r.get("event_ts_us"));
            if (r.get("record").equals("SIGNAL") && r.get("kind").equals("ENTER")) lastEntry = ts;
            if (!r.get("reason").startsWith("ENTER_REFUSED_")) continue;
            assertThat(r.get("reason")).isEqualTo("ENTER_REFUSED_COOLDOWN");
            assertThat(r.get("kind")).isEqualTo("HOLD");
            assertThat(ts - lastEntry).as("refused %s within 30 s of the entry before it", r.get("event_time"))
                    .isGreaterThanOrEqualTo(0).isLessThan(30_000_000L);
            assertThat(r.get("spread_pct")).as("the spread that asked for the entry").isNotEmpty();
            assertThat(Double.parseDouble(r.get("spread_pct"))).as("below the entry threshold").isLessThan(-0.3);
            assertThat(r.get("values")).as("the indicators that decided").contains("combined_spread=");
        }
        // every fill of the run is in the log, with its leg and price
        long fills = cooled.stream().filter(r -> r.get("record").equals("FILL")).count();
        assertThat(fills).isPositive();
        assertThat(cooled.stream().filter(r -> r.get("record").equals("FILL")))
                .allSatisfy(r -> assertThat(r.get("intent_id")).startsWith("LUNC-USDT"));
    }

    // ------------------------------------------------------------------ helpers

    private static void run(List<String> args) {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new BacktestCommand());
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args.toArray(String[]::new));
        assertThat(code).as("exit code of backtest %s: %s", args, err).isZero();
    }

    private static JsonNode reportOf(Path out) throws Exception {
        for (String f : REPORT_FILES) assertThat(out.resolve(f)).as(f).isNotEmptyFile();
        return JSON.readTree(out.resolve("metrics.json").toFile());
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> out = new ArrayList<>();
        for (List<String> p : parts) out.addAll(p);
        return out;
    }

    /** Sorted entry spreads (futures bid vs spot ask, percent) at every tick once both venues quoted. */
    private static double[] entrySpreads(List<BookTicker> ticks) {
        double spotAsk = Double.NaN;
        double futBid = Double.NaN;
        double[] out = new double[ticks.size()];
        int n = 0;
        for (BookTicker t : ticks) {
            if (t.getVenue().equals("binance-spot")) spotAsk = t.getAskPrice();
            else futBid = t.getBidPrice();
            if (!Double.isNaN(spotAsk) && !Double.isNaN(futBid)) out[n++] = Spreads.entry(futBid, spotAsk);
        }
        double[] s = Arrays.copyOf(out, n);
        Arrays.sort(s);
        return s;
    }

    private static List<Path> luncFiles() {
        Path d = RealData.require("data/mexc-gateio");
        return List.of(d.resolve("mexc_spot_LUNC_USDT_bookTicker_20251011.csv"),
                d.resolve("gateio_futures_LUNC_USDT_bookTicker_20251011.csv"));
    }

    private static List<Path> btcFiles() {
        Path d = RealData.require("data/binance");
        return List.of(d.resolve("binance_spot_BTCUSDT_bookTicker_20240808.csv.gz"),
                d.resolve("binance_usdm_BTCUSDT_bookTicker_20240808.csv.gz"));
    }
}
