package io.spreadflow.cli;

import io.spreadflow.connectors.kafka.KafkaClientSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The Kafka options of the commands whose own clients talk to a broker ({@code @Mixin}): the
 * bootstrap servers ({@link KafkaBootstrapOption}) and a file of client properties (TLS, SASL)
 * applied to every client the command creates.
 */
public final class KafkaOptions {

    @Mixin
    KafkaBootstrapOption bootstrap = new KafkaBootstrapOption();

    @Option(names = "--kafka-config", paramLabel = "FILE", description = KafkaClientSettings.OPTION_HELP)
    Path kafkaConfig;

    /** The bootstrap servers. */
    public String bootstrap() {
        return bootstrap.servers();
    }

    /** The client settings: bootstrap servers plus the properties file, checked. */
    public KafkaClientSettings settings() {
        return KafkaClientSettings.load(bootstrap.servers(), kafkaConfig);
    }
}
