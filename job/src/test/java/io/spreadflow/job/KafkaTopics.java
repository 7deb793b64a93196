package io.spreadflow.job;

import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.EmbeddedKafka;
import io.spreadflow.connectors.kafka.TopicSnapshot;
import io.spreadflow.connectors.replay.TickPublisher;
import io.spreadflow.schemas.BookTicker;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** One test's own set of topics on a shared broker, and the job options that point at them. */
final class KafkaTopics {

    private static final AtomicInteger RUN = new AtomicInteger();

    final EmbeddedKafka kafka;
    final String ticks;
    final String signals;
    final String intents;
    final String executions;
    final String deadLetters;

    KafkaTopics(EmbeddedKafka kafka, String name, int tickPartitions) {
        this.kafka = kafka;
        String suffix = "-" + name + "-" + RUN.incrementAndGet();
        ticks = "ticks" + suffix;
        signals = "signals" + suffix;
        intents = "order-intents" + suffix;
        executions = "executions" + suffix;
        deadLetters = "ticks.dlq" + suffix;
        Map<String, Integer> topics = new LinkedHashMap<>();
        topics.put(ticks, tickPartitions);
        topics.put(signals, 2);
        topics.put(intents, 2);
        topics.put(executions, 2);
        topics.put(deadLetters, 1);
        kafka.createTopics(topics);
    }

    /** Job options for these topics; more program arguments may follow. */
    Configuration options(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap", kafka.bootstrapServers(),
                "--group-id", "job" + ticks,
                "--starting-offsets", "EARLIEST",
                "--spreadflow.topic.ticks", ticks,
                "--spreadflow.topic.signals", signals,
                "--spreadflow.topic.order-intents", intents,
                "--spreadflow.topic.executions", executions,
                "--spreadflow.topic.dead-letters", deadLetters));
        args.addAll(List.of(more));
        return JobOptions.fromArgs(args.toArray(String[]::new));
    }

    TickPublisher publisher() {
        return new TickPublisher(TickPublisher.producerProperties(kafka.bootstrapServers()), ticks, deadLetters);
    }

    void publish(List<BookTicker> ticksToSend) {
        try (TickPublisher p = publisher()) {
            for (BookTicker t : ticksToSend) p.publish(t);
            p.flush();
        }
    }

    /** Everything a topic holds now, grouped by instrument in topic order (one instrument keeps to one partition). */
    <T extends SpecificRecord> Map<String, List<T>> byInstrument(String topic, AvroSerde<T> serde, Function<T, String> instrument) {
        Map<String, List<T>> out = new LinkedHashMap<>();
        for (var e : TopicSnapshot.readAll(kafka.bootstrapServers(), topic, serde, Duration.ofSeconds(30))) {
            out.computeIfAbsent(instrument.apply(e.value()), k -> new ArrayList<>()).add(e.value());
        }
        return out;
    }

    /** Waits until a topic holds at least {@code count} records; returns them grouped by instrument. */
    <T extends SpecificRecord> Map<String, List<T>> await(String topic, AvroSerde<T> serde, Function<T, String> instrument, int count,
                                                          Duration timeout) {
        Map<String, List<T>> out = new LinkedHashMap<>();
        for (var e : TopicSnapshot.awaitRecords(kafka.bootstrapServers(), topic, serde, count, timeout)) {
            out.computeIfAbsent(instrument.apply(e.value()), k -> new ArrayList<>()).add(e.value());
        }
        return out;
    }
}
