package io.spreadflow.cli;

import io.spreadflow.connectors.kafka.Topics;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.stream.Collectors;

/** {@code --topics}: the topics to create where missing ({@code @Mixin}); by default every project topic. */
public final class TopicListOption {

    @Option(names = "--topics", paramLabel = "NAME[:PARTITIONS],...",
            description = "topics to create where missing; a known topic without a count gets its default. Default: ${DEFAULT-VALUE}")
    String topics = Topics.defaults().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));

    /** Topic name to partition count. */
    public Map<String, Integer> wanted() {
        return Topics.parse(topics);
    }
}
