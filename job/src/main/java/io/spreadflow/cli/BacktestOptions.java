package io.spreadflow.cli;

import io.spreadflow.backtest.BacktestConfigs;
import io.spreadflow.backtest.BacktestInput;
import io.spreadflow.backtest.BacktestJob;
import io.spreadflow.engine.config.StrategyConfig;
import org.apache.flink.api.common.RuntimeExecutionMode;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The options {@code backtest} and {@code sweep} share: strategy, venues, input, mode, report folder; a mixin of both. */
public class BacktestOptions {

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--strategy", paramLabel = "ID", description = "Strategy id (rdn, inv, svh, …).")
    String strategy;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "Strategy parameter; repeatable.")
    List<String> params = new ArrayList<>();

    // the input: tick files, or the ticks topic (a time range of it with --from/--to); one of the two, checked in source()
    @Mixin
    TickFilesOption input = new TickFilesOption();

    @Mixin
    TicksTopicOption topic = new TicksTopicOption();

    @Mixin
    KafkaBootstrapOption kafka = new KafkaBootstrapOption();

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--from", paramLabel = "ISO", description = "First receive time used, e.g. 2024-08-08T23:55:00Z.")
    Instant from;

    @Option(names = "--to", paramLabel = "ISO", description = "Receive time to stop at (exclusive).")
    Instant to;

    @Mixin
    OutputOptions output = new OutputOptions();

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

    @Mixin
    ParallelismOption parallelism = new ParallelismOption();

    @Option(names = "--replicate", defaultValue = "1", hidden = true,
            description = "Copies of every tick under distinct instruments (throughput benchmarks).")
    int replicate;

    /** The engines of {@code cfgs}, one per parameter set, with the funding rates of {@code --funding} when given. */
    public io.spreadflow.job.EngineFactory engines(List<StrategyConfig> cfgs) throws java.io.IOException {
        return new io.spreadflow.job.EngineFactory(cfgs, funding == null ? io.spreadflow.engine.accounting.FundingSchedule.NONE
                : io.spreadflow.backtest.FundingRateFile.read(funding));
    }

    public BacktestConfigs configs() {
        return new BacktestConfigs(config.file(), strategy, params, spot, futures, barSeconds, fees,
                fillLatencyMs == null ? null : Duration.ofMillis(fillLatencyMs));
    }

    public BacktestJob.Plan plan(List<StrategyConfig> cfgs) {
        BacktestInput source = source();
        RuntimeExecutionMode m = switch (mode.toLowerCase()) {
            case "batch" -> RuntimeExecutionMode.BATCH;
            case "stream", "streaming" -> RuntimeExecutionMode.STREAMING;
            default -> throw new IllegalArgumentException("--mode must be batch or stream, not '" + mode + "'");
        };
        return new BacktestJob.Plan(cfgs, source, m, micros(from), micros(to), parallelism.value(), 0);
    }

    public String inputDescription() {
        if (!input.files().isEmpty()) {
            List<String> names = new ArrayList<>();
            for (Path p : input.files()) names.add(p.getFileName().toString());
            return String.join(" ", names);
        }
        return topic.name() + "@" + kafka.servers() + (from == null ? "" : " from " + from) + (to == null ? "" : " to " + to);
    }

    /**
     * Fails on a command line that names no input, or both inputs, before anything else is read (as
     * picocli's argument group did when --input and --topic were one).
     */
    public void checkInput() {
        source();
    }

    /** The report folder. */
    public Path out() {
        return output.folder();
    }

    /** The files of --input, or the topic of --topic (at --bootstrap); exactly one of the two must be given. */
    private BacktestInput source() {
        boolean files = !input.files().isEmpty();
        boolean topicGiven = matched("--topic");
        if (files == topicGiven) {
            throw new CommandLine.ParameterException(command.commandLine(), "give either --input FILE... or --topic TOPIC [--bootstrap HOST:PORT]");
        }
        if (files && matched("--bootstrap")) {
            throw new CommandLine.ParameterException(command.commandLine(), "--bootstrap applies to --topic, not to --input files");
        }
        return files ? new BacktestInput.Files(input.files(), replicate) : new BacktestInput.Topic(topic.name(), kafka.servers());
    }

    private boolean matched(String option) {
        CommandLine.ParseResult parsed = command.commandLine().getParseResult();
        return parsed != null && parsed.hasMatchedOption(option);
    }

    private static Long micros(Instant t) {
        return t == null ? null : t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
