package io.spreadflow.cli;

import io.spreadflow.connectors.convert.RawSessionFormat;
import io.spreadflow.connectors.convert.RawSessionReader;
import io.spreadflow.connectors.feed.ContractSpecs;
import io.spreadflow.connectors.feed.Venue;
import io.spreadflow.connectors.kafka.KafkaClientSettings;
import io.spreadflow.connectors.kafka.Topics;
import io.spreadflow.connectors.replay.Replay;
import io.spreadflow.connectors.replay.ReplaySpeed;
import io.spreadflow.connectors.replay.TickPublisher;
import io.spreadflow.connectors.synthetic.SyntheticFeed;
import io.spreadflow.connectors.synthetic.SyntheticMarket;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code spreadflow replay}: publishes recorded tick files or raw WebSocket sessions (merged by
 * receive time), or the live synthetic market, to the ticks topic. Malformed lines and unreadable
 * book-ticker frames go to the dead-letter topic. Prints the counts at the end, also after Ctrl-C.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Publishes tick files to Kafka, merged by receive time and paced in event time; malformed lines go to the dead-letter topic.",
                "With --from binance-ws or cryptofeed, the files are raw WebSocket sessions, read by the live feeds' parsers.",
                "With --synthetic, runs the synthetic market live instead (receive time = wall clock)."})
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"--input", "-i"}, arity = "1..*", paramLabel = "FILE",
            description = "tick files: canonical CSV, Binance bookTicker CSV (.gz too) or Avro recordings; merged in argument order on ties")
    List<Path> inputs = List.of();

    /** What the input files are; {@code ticks} is every tick file format {@code TickFileReader} reads. */
    static final String TICK_FILES = "ticks";

    @Option(names = "--from", paramLabel = "FORMAT",
            description = "ticks (canonical or Binance bookTicker CSV, Avro), binance-ws (hftbacktest recorder: '<ts> <json>', .gz ok) "
                    + "or cryptofeed ('<epoch s>: <json>'). Default: ${DEFAULT-VALUE}")
    String from = TICK_FILES;

    @Option(names = "--venue", paramLabel = "VENUE", description = "raw sessions: the venue of every frame, when the file does not tell it")
    String venue;

    @Option(names = "--specs", paramLabel = "FILE",
            description = "raw sessions: contract multipliers, CSV 'venue,symbol,multiplier,kind', for contract-sized venues")
    Path specs;

    @Option(names = "--speed", paramLabel = "Nx|max", description = "event-time speed: 1x real time, 10x, max. Default: ${DEFAULT-VALUE}")
    String speed = "max";

    @Option(names = "--bootstrap", description = "Kafka bootstrap servers. Default: ${DEFAULT-VALUE}")
    String bootstrap = Topics.DEFAULT_BOOTSTRAP;

    @Option(names = "--kafka-config", paramLabel = "FILE", description = KafkaClientSettings.OPTION_HELP)
    Path kafkaConfig;

    @Option(names = "--topic", description = "Default: ${DEFAULT-VALUE}")
    String topic = Topics.TICKS.topicName();

    @Option(names = "--dlq-topic", description = "where malformed lines go. Default: <topic>.dlq")
    String dlqTopic;

    @Option(names = "--synthetic", description = "publish the synthetic market instead of files")
    boolean synthetic;

    @Option(names = "--rate", description = "synthetic ticks per second. Default: ${DEFAULT-VALUE}")
    double rate = SyntheticMarket.Settings.DEFAULT.ticksPerSecond();

    @Option(names = "--seed", description = "synthetic market seed. Default: ${DEFAULT-VALUE}")
    long seed = SyntheticMarket.Settings.DEFAULT.seed();

    @Option(names = "--instruments", description = "synthetic instruments (BTC, ETH, SOL, then S0004-USDT...). Default: ${DEFAULT-VALUE}")
    int instruments = SyntheticMarket.DEFAULT_INSTRUMENTS.size();

    @Option(names = "--second-spot", description = "synthetic market also quotes " + SyntheticMarket.SPOT_B)
    boolean secondSpot;

    @Option(names = "--max-ticks", description = "stop the synthetic feed after this many ticks. Default: until Ctrl-C")
    long maxTicks = Long.MAX_VALUE;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        if (synthetic == !inputs.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either --input FILE... or --synthetic");
        }
        for (Path p : inputs) {
            if (!Files.isRegularFile(p)) throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + p);
        }
        ReplaySpeed pace;
        RawSessionReader sessions;
        try {
            pace = ReplaySpeed.parse(speed);
            sessions = sessionReader();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (synthetic && sessions != null) throw new CommandLine.ParameterException(spec.commandLine(), "--from applies to --input files, not --synthetic");
        String dlq = dlqTopic != null ? dlqTopic : topic + ".dlq";
        Map<String, Integer> wanted = new LinkedHashMap<>();
        wanted.put(topic, Topics.TICKS.partitions());
        wanted.put(dlq, Topics.TICKS_DLQ.partitions());
        KafkaClientSettings kafka = KafkaClientSettings.load(bootstrap, kafkaConfig);
        Topics.ensureTopics(kafka, wanted);

        try (TickPublisher publisher = new TickPublisher(TickPublisher.producerProperties(kafka), topic, dlq)) {
            return synthetic ? runSynthetic(publisher) : runFiles(publisher, pace, sessions);
        }
    }

    /** The reader of raw sessions that {@code --from} asks for, or null for tick files. */
    private RawSessionReader sessionReader() {
        if (TICK_FILES.equalsIgnoreCase(from.trim())) {
            if (venue != null || specs != null) throw new IllegalArgumentException("--venue and --specs apply to raw sessions (--from binance-ws|cryptofeed)");
            return null;
        }
        RawSessionReader r = RawSessionReader.of(RawSessionFormat.of(from));
        if (specs != null && !Files.isRegularFile(specs)) throw new IllegalArgumentException("no such specs file: " + specs);
        if (specs != null) r = r.withSpecs(ContractSpecs.load(specs));
        if (venue != null) r = r.withVenue(Venue.of(venue));
        return r;
    }

    private int runFiles(TickPublisher publisher, ReplaySpeed pace, RawSessionReader sessions) throws Exception {
        out.println("replay: " + inputs.size() + (sessions == null ? " file(s)" : " " + sessions.format() + " session(s)")
                + " to " + topic + " on " + bootstrap + " at " + pace);
        Thread worker = Thread.currentThread();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            worker.interrupt();
            KafkaCommand.awaitQuietly(done);
        }, "replay-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Replay.Result r;
            try {
                r = sessions == null ? Replay.run(inputs, pace, publisher) : Replay.runSessions(inputs, sessions, pace, publisher);
            } catch (IllegalArgumentException e) {
                // a session the reader cannot place (no multiplier, unknown venue): the user must say more
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage() + " (see --specs and --venue)");
            }
            Thread.interrupted();
            out.printf("replay %s: published %d ticks to %s, dead-lettered %d %s to %s%s%n",
                    r.complete() ? "done" : "stopped", r.published(), topic, r.deadLettered(), sessions == null ? "lines" : "frames",
                    publisher.dlqTopic(),
                    r.outOfOrder() > 0 ? " (" + r.outOfOrder() + " ticks out of time order in their file)" : "");
            return 0;
        } finally {
            done.countDown();
            KafkaCommand.removeHook(hook);
        }
    }

    private int runSynthetic(TickPublisher publisher) throws Exception {
        SyntheticMarket.Settings settings = SyntheticMarket.Settings.DEFAULT.withSeed(seed).withTicksPerSecond(rate)
                .withInstrumentCount(instruments).withSecondSpot(secondSpot);
        out.println("synthetic: " + settings.instruments().size() + " instruments on " + settings.venues() + ", " + rate
                + " ticks/s to " + topic + " on " + bootstrap);
        SyntheticFeed feed = SyntheticFeed.toKafka(new SyntheticMarket(settings), publisher, maxTicks);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                feed.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            KafkaCommand.awaitQuietly(done);
        }, "synthetic-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            feed.start();
            while (!feed.awaitFinished(1, TimeUnit.SECONDS)) {
                // the feed runs on its own thread until --max-ticks or Ctrl-C
            }
            if (feed.failure() != null) throw new IllegalStateException("synthetic feed failed: " + feed.failure().getMessage(), feed.failure());
            out.printf("synthetic: published %d ticks to %s%n", publisher.published(), topic);
            return 0;
        } finally {
            done.countDown();
            KafkaCommand.removeHook(hook);
        }
    }
}
