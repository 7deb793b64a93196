package io.spreadflow.cli;

import picocli.CommandLine.Option;

/**
 * {@code --dlq-topic}: where input that is not a tick goes ({@code @Mixin}), by default
 * {@code <topic>.dlq} beside the ticks topic.
 */
public final class DeadLetterTopicOption {

    /** The suffix of the default dead-letter topic, after the ticks topic's name. */
    static final String SUFFIX = ".dlq";

    @Option(names = "--dlq-topic", paramLabel = "TOPIC",
            description = "dead-letter topic: malformed lines, unreadable frames, records that are not ticks. Default: <topic>" + SUFFIX)
    String dlqTopic;

    /** The dead-letter topic of {@code ticksTopic}. */
    public String nameFor(String ticksTopic) {
        return dlqTopic != null ? dlqTopic : ticksTopic + SUFFIX;
    }
}
