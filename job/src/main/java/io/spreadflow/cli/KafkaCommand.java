package io.spreadflow.cli;

import io.spreadflow.connectors.kafka.EmbeddedKafka;
import io.spreadflow.connectors.kafka.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code spreadflow kafka}: a single-node Kafka (KRaft) in this process until Ctrl-C, with the
 * project's topics created. Time retention is off, so replays of old recordings stay readable.
 */
@Command(name = "kafka", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a single-node Kafka broker (KRaft, in-process) until Ctrl-C and creates the topics.",
                "Prints `KAFKA READY <bootstrap>` once clients can connect."})
public final class KafkaCommand implements Callable<Integer> {

    @Option(names = "--port", description = "client port (0 = a free one). Default: ${DEFAULT-VALUE}")
    int port = Topics.DEFAULT_PORT;

    @Option(names = "--data-dir", description = "keep the logs here across restarts. Default: a temporary folder deleted on exit")
    Path dataDir;

    @Mixin
    TopicListOption topics = new TopicListOption();

    /** Released by Ctrl-C (or a test) to stop the broker. */
    final CountDownLatch stop = new CountDownLatch(1);
    /** The running broker, once it is ready. */
    volatile EmbeddedKafka running;
    /** Released once the broker accepts clients and the topics exist. */
    final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        Map<String, Integer> wanted = topics.wanted();
        EmbeddedKafka.Settings settings = EmbeddedKafka.Settings.defaults().withPort(port).withDataDir(dataDir);
        Thread hook = new Thread(() -> {
            stop.countDown();
            awaitQuietly(stopped);
        }, "kafka-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(settings)) {
            kafka.createTopics(wanted);
            out.println("topics: " + wanted);
            out.println("data: " + kafka.dataDir() + (dataDir == null ? " (deleted on exit)" : ""));
            out.println(EmbeddedKafka.READY_PREFIX + kafka.bootstrapServers());
            out.flush();
            running = kafka;
            ready.countDown();
            stop.await();
            out.println("kafka: stopping");
        } finally {
            running = null;
            stopped.countDown();
            removeHook(hook);
        }
        return 0;
    }

    static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running and waits for us
        }
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
