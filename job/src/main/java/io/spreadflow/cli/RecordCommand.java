package io.spreadflow.cli;

import io.spreadflow.connectors.record.TopicRecorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code spreadflow record}: copies a ticks topic from its earliest offset into rolling files
 * (canonical CSV or Avro) until Ctrl-C, so stored data outlives Kafka's retention.
 */
@Command(name = "record", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Records a ticks topic from the earliest offset into rolling files (canonical CSV or Avro) until Ctrl-C.",
                "Files are written as *.inprogress and renamed when complete; numbering continues after existing files."})
public final class RecordCommand implements Callable<Integer> {

    @Mixin
    TicksTopicOption ticksTopic = new TicksTopicOption();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = "--format", description = "csv (canonical tick CSV) or avro (Avro container files). Default: ${DEFAULT-VALUE}")
    String format = TopicRecorder.Format.CSV.extension();

    @Option(names = "--roll-every", description = "ticks per file. Default: ${DEFAULT-VALUE}")
    long rollEvery = TopicRecorder.Settings.DEFAULT_ROLL_EVERY;

    @Mixin
    KafkaOptions kafkaOptions = new KafkaOptions();

    @Mixin
    DeadLetterTopicOption deadLetters = new DeadLetterTopicOption();

    @Option(names = "--until-end", description = "stop at the end offsets seen at start instead of following the topic")
    boolean untilEnd;

    @Option(names = "--reorder-window", description = "files are in receive-time order across partitions; ticks up to this much"
            + " out of order within a partition are sorted too, and live ticks are held this long (ISO-8601). Default: ${DEFAULT-VALUE}")
    java.time.Duration reorderWindow = TopicRecorder.Settings.DEFAULT_REORDER_WINDOW;

    PrintStream console = System.out;

    @Override
    public Integer call() throws Exception {
        String topic = ticksTopic.name();
        Path out = output.folder();
        TopicRecorder.Settings s = new TopicRecorder.Settings(kafkaOptions.settings(), topic, deadLetters.nameFor(topic), out,
                TopicRecorder.Format.parse(format), rollEvery, untilEnd, reorderWindow);
        TopicRecorder recorder = new TopicRecorder(s);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            recorder.stop();
            KafkaCommand.awaitQuietly(done);
        }, "record-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        console.println("record: " + topic + " on " + kafkaOptions.bootstrap() + " into " + out.toAbsolutePath() + " as " + s.format().extension()
                + ", " + rollEvery + " ticks a file" + (untilEnd ? ", until the current end" : ", until Ctrl-C"));
        try {
            TopicRecorder.Result r = recorder.run();
            console.printf("record: %d ticks in %d file(s), %d records dead-lettered to %s%n", r.recorded(), r.files().size(),
                    r.rejected(), s.dlqTopic());
            if (r.late() > 0) {
                console.printf("record: %d ticks arrived later than --reorder-window and are out of time order%n", r.late());
            }
            return 0;
        } finally {
            done.countDown();
            KafkaCommand.removeHook(hook);
        }
    }
}
