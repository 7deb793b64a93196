package io.spreadflow.cli;

import io.spreadflow.connectors.kafka.Topics;
import picocli.CommandLine.Option;

/**
 * {@code --bootstrap}: where every command that talks to Kafka finds it ({@code @Mixin}), defaulting
 * to {@link Topics#DEFAULT_BOOTSTRAP}, the local broker {@code spreadflow kafka} starts.
 */
public final class KafkaBootstrapOption {

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers. Default: ${DEFAULT-VALUE}")
    String bootstrap = Topics.DEFAULT_BOOTSTRAP;

    /** The bootstrap servers. */
    public String servers() {
        return bootstrap;
    }
}
