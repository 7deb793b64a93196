package io.spreadflow.cli;

import io.spreadflow.connectors.kafka.Topics;
import picocli.CommandLine.Option;

/** {@code --topic}: the Avro ticks topic a command writes or reads ({@code @Mixin}). */
public final class TicksTopicOption {

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Avro ticks topic (BookTicker, key = instrument). Default: ${DEFAULT-VALUE}")
    String topic = Topics.TICKS.topicName();

    /** The topic name. */
    public String name() {
        return topic;
    }
}
