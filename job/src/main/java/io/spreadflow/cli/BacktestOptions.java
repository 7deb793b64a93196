package io.spreadflow.cli;

import io.spreadflow.backtest.BacktestConfigs;
import io.spreadflow.backtest.BacktestInput;
import io.spreadflow.backtest.BacktestJob;
import io.spreadflow.engine.config.StrategyConfig;
import org.apache.flink.api.common.RuntimeExecutionMode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The options {@code backtest} and {@code sweep} share: strategy, venues, input, mode, report folder. */
public class BacktestOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "Strategy YAML; flags below override it.")
    Path config;

    @Option(names = "--strategy", paramLabel = "ID", description = "Strategy id (rdn, inv, svh, …).")
    String strategy;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "Strategy parameter; repeatable.")
    List<String> params = new ArrayList<>();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** Files, or a topic time range. */
    static class Source {
        @Option(names = "--input", paramLabel = "FILE", arity = "1..*", required = true,
                description = "Tick files: canonical or Binance CSV (optionally .gz) or Avro recordings (.avro, as record --format avro writes them); merged by receive time, ties in argument order.")
        List<Path> inputs;

        @ArgGroup(exclusive = false)
        TopicRange topic;
    }

    /** The job's Avro ticks topic and a time range. */
    static class TopicRange {
        @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "Avro ticks topic.")
        String topic;

        @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
        String bootstrap;
    }

    @Option(names = "--from", paramLabel = "ISO", description = "First receive time used, e.g. 2024-08-08T23:55:00Z.")
    Instant from;

    @Option(names = "--to", paramLabel = "ISO", description = "Receive time to stop at (exclusive).")
    Instant to;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report folder.")
    Path out;

    @Option(names = "--mode", defaultValue = "batch", paramLabel = "batch|stream",
            description = "batch (default): Flink BATCH; stream: bounded STREAMING replay.")
    String mode;

    @Option(names = "--spot", split = ",", paramLabel = "VENUE", description = "Spot venues, spot A first.")
    List<String> spot = new ArrayList<>();

    @Option(names = "--futures", paramLabel = "VENUE", description = "Futures (perpetual) venue.")
    String futures;

    @Option(names = "--bar-seconds", paramLabel = "N", description = "Bar size; 0 = every tick.")
    Integer barSeconds;

    @Option(names = "--fee", paramLabel = "VENUE=RATE", description = "Taker fee of a venue as a fraction (0.001 = 0.1 %%); repeatable.")
    Map<String, BigDecimal> fees = new LinkedHashMap<>();

    @Option(names = "--fill-latency", paramLabel = "MS", description = "Fill model latency in milliseconds.")
    Long fillLatencyMs;

    @Option(names = "--funding", paramLabel = "FILE",
            description = "Funding rates of the perpetual, CSV timestamp_us,venue,symbol,rate: positions pay or receive notional × rate at each time.")
    Path funding;

    @Option(names = "--capital", defaultValue = "10000", paramLabel = "QUOTE",
            description = "Starting capital for equity and percent figures (default ${DEFAULT-VALUE}).")
    BigDecimal capital;

    @Option(names = "--parallelism", defaultValue = "2", description = "Parallelism of the engine (default ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--replicate", defaultValue = "1", hidden = true,
            description = "Copies of every tick under distinct instruments (throughput benchmarks).")
    int replicate;

    /** The engines of {@code cfgs}, one per parameter set, with the funding rates of {@code --funding} when given. */
    public io.spreadflow.job.EngineFactory engines(List<StrategyConfig> cfgs) throws java.io.IOException {
        return new io.spreadflow.job.EngineFactory(cfgs, funding == null ? io.spreadflow.engine.accounting.FundingSchedule.NONE
                : io.spreadflow.backtest.FundingRateFile.read(funding));
    }

    public BacktestConfigs configs() {
        return new BacktestConfigs(config, strategy, params, spot, futures, barSeconds, fees,
                fillLatencyMs == null ? null : Duration.ofMillis(fillLatencyMs));
    }

    public BacktestJob.Plan plan(List<StrategyConfig> cfgs) {
        BacktestInput input = source.inputs != null
                ? new BacktestInput.Files(source.inputs, replicate)
                : new BacktestInput.Topic(source.topic.topic, source.topic.bootstrap);
        RuntimeExecutionMode m = switch (mode.toLowerCase()) {
            case "batch" -> RuntimeExecutionMode.BATCH;
            case "stream", "streaming" -> RuntimeExecutionMode.STREAMING;
            default -> throw new IllegalArgumentException("--mode must be batch or stream, not '" + mode + "'");
        };
        return new BacktestJob.Plan(cfgs, input, m, micros(from), micros(to), parallelism, 0);
    }

    public String inputDescription() {
        if (source.inputs != null) {
            List<String> names = new ArrayList<>();
            for (Path p : source.inputs) names.add(p.getFileName().toString());
            return String.join(" ", names);
        }
        return source.topic.topic + "@" + source.topic.bootstrap + (from == null ? "" : " from " + from) + (to == null ? "" : " to " + to);
    }

    private static Long micros(Instant t) {
        return t == null ? null : t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
