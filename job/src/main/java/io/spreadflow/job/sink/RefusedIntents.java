package io.spreadflow.job.sink;

import io.spreadflow.job.serde.AvroBinaryCodec;
import io.spreadflow.job.source.DeadLetters;
import io.spreadflow.schemas.DeadLetter;
import org.apache.flink.metrics.Counter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Properties;

/**
 * Intents the execution service refused: each becomes a dead letter (the intent's JSON as sent, the
 * service's status and answer as reason) on the order-intents dead-letter topic, keyed by intent id, and
 * is logged and counted. Without a topic configured, a refusal is only logged and counted.
 */
final class RefusedIntents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RefusedIntents.class);
    /** A reason longer than this is cut: a service's answer is not a place for unbounded text. */
    static final int MAX_REASON = 2_000;

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final AvroBinaryCodec<DeadLetter> codec = AvroBinaryCodec.of(DeadLetter.class);
    private final Counter counter;

    RefusedIntents(OrderIntentSinkSettings settings, Counter counter) {
        this.counter = counter;
        this.topic = settings.deadLetterTopic();
        if (settings.deadLetterBootstrap() != null && topic != null) {
            Properties p = new Properties();
            p.put("bootstrap.servers", settings.deadLetterBootstrap());
            p.put("acks", "all");
            p.put("enable.idempotence", "true");
            p.put("linger.ms", "0");
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        } else {
            producer = null;
        }
    }

    void add(IntentRequest intent, int status, String answer) {
        counter.inc();
        String reason = "execution service refused the intent: HTTP " + status + " " + (answer == null ? "" : answer);
        if (reason.length() > MAX_REASON) reason = reason.substring(0, MAX_REASON) + "…";
        LOG.error("{} ({})", reason, intent.intentId());
        if (producer == null) return;
        DeadLetter letter = DeadLetters.of("order-intents", null, null, intent.json(), reason, null);
        producer.send(new ProducerRecord<>(topic, null, null, intent.intentId(), codec.encode(letter), codec.headers()), (meta, e) -> {
            if (e != null) LOG.error("dead letter of refused intent {} not written to {}: {}", intent.intentId(), topic, e.toString());
        });
    }

    @Override
    public void close() {
        if (producer != null) producer.close(java.time.Duration.ofSeconds(5));
    }
}
