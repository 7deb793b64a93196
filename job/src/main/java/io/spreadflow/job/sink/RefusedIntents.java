package io.spreadflow.job.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.spreadflow.connectors.kafka.KafkaClientSettings;
import io.spreadflow.engine.signal.ServiceRefusal;
import io.spreadflow.execution.http.IntentCodec;
import io.spreadflow.job.serde.AvroBinaryCodec;
import io.spreadflow.job.source.DeadLetters;
import io.spreadflow.schemas.DeadLetter;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.Side;
import org.apache.flink.metrics.Counter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Properties;

/**
 * Intents the execution service refused: each becomes a dead letter (the intent's JSON as sent, the
 * service's status and answer as reason) on the order-intents dead-letter topic, keyed by intent id, and
 * is logged and counted. Without a topic configured, a refusal is only logged and counted.
 *
 * <p>With a refusal-reports topic (the executions topic the job reads back), each leg of the refused
 * intent is also reported there REJECTED, its reason starting with {@link ServiceRefusal#REASON_PREFIX}:
 * the engine books the legs as rejected (so the position does not wait for them until its leg timeout)
 * and halts the instrument with a HALT signal. Nothing else stops: the job goes on for every other
 * instrument.
 */
final class RefusedIntents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RefusedIntents.class);
    /** A reason longer than this is cut: a service's answer is not a place for unbounded text. */
    static final int MAX_REASON = 2_000;

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final AvroBinaryCodec<DeadLetter> codec = AvroBinaryCodec.of(DeadLetter.class);
    private final String reportsTopic;
    private final AvroBinaryCodec<ExecutionReport> reports = AvroBinaryCodec.of(ExecutionReport.class);
    private final Counter counter;

    RefusedIntents(OrderIntentSinkSettings settings, Counter counter) {
        this.counter = counter;
        this.topic = settings.deadLetterTopic();
        this.reportsTopic = settings.refusalReportsTopic();
        if (settings.deadLetterBootstrap() != null && (topic != null || reportsTopic != null)) {
            Properties p = new Properties();
            p.put("acks", "all");
            p.put("enable.idempotence", "true");
            p.put("linger.ms", "0");
            producer = new KafkaProducer<>(KafkaClientSettings.of(settings.deadLetterBootstrap(), settings.kafkaProperties()).producer(p),
                    new StringSerializer(), new ByteArraySerializer());
        } else {
            producer = null;
        }
    }

    void add(IntentRequest intent, int status, String answer) {
        counter.inc();
        String reason = bounded("execution service refused the intent: HTTP " + status + " " + (answer == null ? "" : answer));
        LOG.error("{} ({})", reason, intent.intentId());
        if (producer == null) return;
        if (topic != null) {
            DeadLetter letter = DeadLetters.of("order-intents", null, null, intent.json(), reason, null);
            producer.send(new ProducerRecord<>(topic, null, null, intent.intentId(), codec.encode(letter), codec.headers()), (meta, e) -> {
                if (e != null) LOG.error("dead letter of refused intent {} not written to {}: {}", intent.intentId(), topic, e.toString());
            });
        }
        if (reportsTopic != null) report(intent, status, answer);
    }

    /** Each leg of the refused intent, REJECTED, on the reports topic, keyed by instrument as the service's reports are. */
    private void report(IntentRequest request, int status, String answer) {
        JsonNode intent;
        try {
            // read without the service's validation: the service may have refused the intent for being invalid
            intent = IntentCodec.mapper().readTree(request.json());
        } catch (IOException e) {
            // the sink wrote this JSON itself: unreadable only if it was damaged, and then the dead letter holds it
            LOG.error("refused intent {} not reported to {}: its JSON cannot be read back ({})", request.intentId(), reportsTopic, e.toString());
            return;
        }
        String instrument = intent.path("instrument").asText("");
        JsonNode legs = intent.path("legs");
        String reason = bounded(ServiceRefusal.REASON_PREFIX + " HTTP " + status + (answer == null ? "" : " " + answer));
        for (int i = 0; i < Math.max(1, legs.size()); i++) {
            JsonNode leg = legs.path(i);
            ExecutionReport r = ExecutionReport.newBuilder().setIntentId(request.intentId()).setInstrument(instrument)
                    .setLegIndex(i).setVenue(leg.path("venue").asText("")).setSide("SELL".equals(leg.path("side").asText()) ? Side.SELL : Side.BUY)
                    .setStatus(ExecutionStatus.REJECTED).setFilledQty(0).setAvgPrice(null).setFee(0).setFeeCurrency("").setReason(reason)
                    .setIntentEventTsUs(intent.path("eventTsUs").asLong(0)).build();
            producer.send(new ProducerRecord<>(reportsTopic, null, null, instrument, reports.encode(r), reports.headers()),
                    (meta, e) -> {
                        if (e != null) LOG.error("refusal of intent {} not reported to {}: {}", request.intentId(), reportsTopic, e.toString());
                    });
        }
    }

    /** {@code reason} cut at {@link #MAX_REASON} characters. */
    private static String bounded(String reason) {
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason;
    }

    @Override
    public void close() {
        if (producer != null) producer.close(java.time.Duration.ofSeconds(5));
    }
}
