package io.spreadflow.connectors.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where Kafka is and how to reach it: the bootstrap servers plus client properties from a standard
 * Kafka client properties file ({@code --kafka-config FILE}), typically security settings such as
 * {@code security.protocol=SASL_SSL}, {@code sasl.mechanism=SCRAM-SHA-512}, {@code sasl.jaas.config},
 * {@code ssl.truststore.location}. Every producer, consumer and admin client the connectors create
 * takes its configuration from {@link #producer}, {@link #consumer} or {@link #admin}, which lay
 * these properties over the project's own settings; each client gets the keys it knows, so a
 * producer-only key does not make the admin client warn.
 *
 * <p>{@code bootstrap.servers} is not allowed in the file ({@code --bootstrap} says it); a key no
 * Kafka client knows is an error naming it, so a typo never silently weakens security.
 * {@link #toString()} shows keys only: the values may hold passwords.
 */
public final class KafkaClientSettings {

    /** The help text of the commands' {@code --kafka-config} option. */
    public static final String OPTION_HELP = "Kafka client properties file (security.protocol, sasl.*, ssl.*, ...), applied to every"
            + " producer, consumer and admin client; see README 'Kafka security'";

    private final String bootstrapServers;
    private final Map<String, String> properties;

    private KafkaClientSettings(String bootstrapServers, Map<String, String> properties) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (bootstrapServers.isBlank()) throw new IllegalArgumentException("bootstrap servers must not be empty");
        for (String key : properties.keySet()) {
            if (key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
                throw new IllegalArgumentException("bootstrap.servers is given by --bootstrap, not the client properties");
            }
            if (!ProducerConfig.configNames().contains(key) && !ConsumerConfig.configNames().contains(key)
                    && !AdminClientConfig.configNames().contains(key)) {
                throw new IllegalArgumentException("'" + key + "' is not a Kafka client property");
            }
        }
        this.properties = Map.copyOf(properties);
    }

    /** Plain settings: the bootstrap servers and no extra properties. */
    public static KafkaClientSettings of(String bootstrapServers) {
        return new KafkaClientSettings(bootstrapServers, Map.of());
    }

    /** The bootstrap servers with these client properties. */
    public static KafkaClientSettings of(String bootstrapServers, Map<String, String> properties) {
        return new KafkaClientSettings(bootstrapServers, properties);
    }

    /**
     * The bootstrap servers with the properties of {@code file} (Java properties format, as Kafka's
     * own tools read with {@code --command-config}), or plain settings when {@code file} is null.
     *
     * @throws IllegalArgumentException naming the file and the key that is not allowed
     */
    public static KafkaClientSettings load(String bootstrapServers, Path file) {
        if (file == null) return of(bootstrapServers);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Kafka client properties " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> m = new TreeMap<>();
        for (String k : p.stringPropertyNames()) m.put(k.strip(), p.getProperty(k).strip());
        try {
            return new KafkaClientSettings(bootstrapServers, m);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The extra client properties, as given. */
    public Map<String, String> properties() {
        return properties;
    }

    /** A producer's configuration: {@code base}, the bootstrap servers, then the properties a producer knows. */
    public Properties producer(Properties base) {
        return layered(base, ProducerConfig.configNames());
    }

    /** A consumer's configuration: {@code base}, the bootstrap servers, then the properties a consumer knows. */
    public Properties consumer(Properties base) {
        return layered(base, ConsumerConfig.configNames());
    }

    /** An admin client's configuration: {@code base}, the bootstrap servers, then the properties an admin client knows. */
    public Properties admin(Properties base) {
        return layered(base, AdminClientConfig.configNames());
    }

    private Properties layered(Properties base, Set<String> known) {
        Properties p = new Properties();
        p.putAll(base);
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.forEach((k, v) -> {
            if (known.contains(k)) p.put(k, v);
        });
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaClientSettings s && s.bootstrapServers.equals(bootstrapServers) && s.properties.equals(properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bootstrapServers, properties);
    }

    @Override
    public String toString() {
        return bootstrapServers + (properties.isEmpty() ? "" : " with " + new TreeMap<>(properties).keySet());
    }
}
