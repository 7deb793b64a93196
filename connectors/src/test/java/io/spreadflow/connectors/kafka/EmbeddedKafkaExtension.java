package io.spreadflow.connectors.kafka;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;

/**
 * One embedded KRaft broker for a test class: started before its first test, closed after its last.
 * Register it as {@code @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();}.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback {

    private final EmbeddedKafka.Settings settings;
    private EmbeddedKafka broker;

    /** A broker on a free port with a temporary data folder. */
    public EmbeddedKafkaExtension() {
        this(EmbeddedKafka.Settings.defaults());
    }

    public EmbeddedKafkaExtension(EmbeddedKafka.Settings settings) {
        this.settings = settings;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = EmbeddedKafka.start(settings);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) broker.close();
        broker = null;
    }

    /** The running broker; only between the class's first and last test. */
    public EmbeddedKafka broker() {
        if (broker == null) throw new IllegalStateException("the broker runs only while the test class does");
        return broker;
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    public void createTopics(Map<String, Integer> partitionsByTopic) {
        broker().createTopics(partitionsByTopic);
    }
}
