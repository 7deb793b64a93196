package io.spreadflow.cli;

import io.spreadflow.connectors.kafka.KafkaClientSettings;
import io.spreadflow.connectors.kafka.Topics;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The Kafka options every command that talks to a broker shares ({@code @Mixin}): the bootstrap servers,
 * defaulting to {@link Topics#DEFAULT_BOOTSTRAP} like the job, and a file of client properties (TLS,
 * SASL) applied to every client the command creates.
 */
public final class KafkaOptions {

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap = Topics.DEFAULT_BOOTSTRAP;

    @Option(names = "--kafka-config", paramLabel = "FILE", description = KafkaClientSettings.OPTION_HELP)
    Path kafkaConfig;

    /** The bootstrap servers. */
    public String bootstrap() {
        return bootstrap;
    }

    /** The client settings: bootstrap servers plus the properties file, checked. */
    public KafkaClientSettings settings() {
        return KafkaClientSettings.load(bootstrap, kafkaConfig);
    }
}
