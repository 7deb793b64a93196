package io.spreadflow.cli;

import io.spreadflow.connectors.convert.RawSessionFormat;
import io.spreadflow.connectors.convert.RawSessionReader;
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
import picocli.CommandLine.Mixin;
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

    @Mixin
    TickFilesOption input = new TickFilesOption();

    /** What the input files are; {@code ticks} is every tick file format {@code TickFileReader} reads. */
    static final String TICK_FILES = "ticks";

    @Option(names = "--from", paramLabel = "FORMAT",
            description = "ticks (canonical or Binance bookTicker CSV, Avro), binance-ws (hftbacktest recorder: '<ts> <json>', .gz ok) "
                    + "or cryptofeed ('<epoch s>: <json>'). Default: ${DEFAULT-VALUE}")
    String from = TICK_FILES;

    @Mixin
    SessionVenueOption venue = new SessionVenueOption();

    @Mixin
    ContractSpecsOption specs = new ContractSpecsOption();

    @Option(names = "--speed", paramLabel = "Nx|max", description = "event-time speed: 1x real time, 10x, max. Default: ${DEFAULT-VALUE}")
    String speed = ReplaySpeed.MAX.toString();

    @Mixin
    KafkaOptions kafkaOptions = new KafkaOptions();

    @Mixin
    TicksTopicOption ticksTopic = new TicksTopicOption();

    @Mixin
    DeadLetterTopicOption deadLetters = new DeadLetterTopicOption();

    @Option(names = "--synthetic", description = "publish the synthetic market instead of files")
    boolean synthetic;

    @Mixin
    SyntheticMarketOptions market = new SyntheticMarketOptions();

    @Option(names = "--second-spot", description = "synthetic market also quotes " + SyntheticMarket.SPOT_B)
    boolean secondSpot;

    @Option(names = "--max-ticks", description = "stop the synthetic feed after this many ticks. Default: until Ctrl-C")
    long maxTicks = Long.MAX_VALUE;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        List<Path> inputs = input.files();
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
        String topic = ticksTopic.name();
        String dlq = deadLetters.nameFor(topic);
        Map<String, Integer> wanted = new LinkedHashMap<>();
        wanted.put(topic, Topics.TICKS.partitions());
        wanted.put(dlq, Topics.TICKS_DLQ.partitions());
        KafkaClientSettings kafka = kafkaOptions.settings();
        Topics.ensureTopics(kafka, wanted);

        try (TickPublisher publisher = new TickPublisher(TickPublisher.producerProperties(kafka), topic, dlq)) {
            return synthetic ? runSynthetic(publisher, topic) : runFiles(publisher, topic, inputs, pace, sessions);
        }
    }

    /** The reader of raw sessions that {@code --from} asks for, or null for tick files. */
    private RawSessionReader sessionReader() {
        if (TICK_FILES.equalsIgnoreCase(from.trim())) {
            if (venue.given() || specs.given()) throw new IllegalArgumentException("--venue and --specs apply to raw sessions (--from binance-ws|cryptofeed)");
            return null;
        }
        RawSessionReader r = RawSessionReader.of(RawSessionFormat.of(from));
        if (specs.given()) r = r.withSpecs(specs.load());
        if (venue.given()) r = r.withVenue(venue.venue());
        return r;
    }

    private int runFiles(TickPublisher publisher, String topic, List<Path> inputs, ReplaySpeed pace, RawSessionReader sessions) throws Exception {
        out.println("replay: " + inputs.size() + (sessions == null ? " file(s)" : " " + sessions.format() + " session(s)")
                + " to " + topic + " on " + kafkaOptions.bootstrap() + " at " + pace);
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

    private int runSynthetic(TickPublisher publisher, String topic) throws Exception {
        SyntheticMarket.Settings settings = market.applyTo(SyntheticMarket.Settings.DEFAULT).withSecondSpot(secondSpot);
        out.println("synthetic: " + settings.instruments().size() + " instruments on " + settings.venues() + ", " + market.rate()
                + " ticks/s to " + topic + " on " + kafkaOptions.bootstrap());
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
