package io.spreadflow.job.sink;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the job's order-intent sink talks to the execution service. Start from {@link #forService} and
 * change what differs.
 *
 * @param endpoint           the service's base URL, e.g. {@code http://127.0.0.1:8470}
 * @param token              the bearer token the service expects; kept out of {@link #toString()}
 * @param maxBatchSize       intents per HTTP request
 * @param maxInFlight        requests under way at once per sink subtask; 1 keeps each instrument's intents in
 *                           order (an exit never overtakes its entry), more trades that for throughput
 * @param maxBuffered        intents buffered per subtask before the sink applies back-pressure
 * @param maxTimeInBufferMs  the longest an intent waits in the sink's buffer: a backstop, as an intent goes at once while no
 *                           request is out and with the answer to the request under way otherwise ({@link SendWhenIdle});
 *                           ≥ 1 ms, Flink's async sink needs a positive flush interval
 * @param initialBackoff     the first retry delay after a failed request; doubles up to {@code maxBackoff}
 * @param maxBackoff         the longest retry delay
 * @param failAfter          a service unreachable (or answering 5xx) for this long fails the job, which then
 *                           restarts from its checkpoint and sends the intents again
 * @param requestTimeout     how long one HTTP request may take
 * @param deadLetterBootstrap Kafka for the refused intents' dead letters, or null (then a refusal is only logged and counted)
 * @param deadLetterTopic    the topic of those dead letters
 * @param refusalReportsTopic where a refused intent's legs are reported REJECTED ({@code ServiceRefusal.REASON_PREFIX}), so that the
 *                           engine learns of the refusal and halts the instrument; null: not reported
 * @param kafkaProperties    extra Kafka client properties (security) of the producer of dead letters and refusal reports
 */
public record OrderIntentSinkSettings(URI endpoint, String token, int maxBatchSize, int maxInFlight, int maxBuffered,
                                      long maxTimeInBufferMs, Duration initialBackoff, Duration maxBackoff, Duration failAfter,
                                      Duration requestTimeout, String deadLetterBootstrap, String deadLetterTopic,
                                      String refusalReportsTopic, Map<String, String> kafkaProperties) implements Serializable {

    public OrderIntentSinkSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        kafkaProperties = kafkaProperties == null ? Map.of() : Map.copyOf(kafkaProperties);
        if (token == null || token.isBlank()) throw new IllegalArgumentException("order-intent sink: token is required");
        if (maxBatchSize < 1) throw new IllegalArgumentException("order-intent sink: max-batch-size must be ≥ 1");
        if (maxInFlight < 1) throw new IllegalArgumentException("order-intent sink: max-in-flight must be ≥ 1");
        if (maxBuffered < maxBatchSize) throw new IllegalArgumentException("order-intent sink: max-buffered must be ≥ max-batch-size");
        if (maxTimeInBufferMs < 1) throw new IllegalArgumentException("order-intent sink: max-time-in-buffer must be ≥ 1 ms");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("order-intent sink: need 0 ≤ initial-backoff ≤ max-backoff");
        }
        if (failAfter.isNegative() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("order-intent sink: fail-after and request-timeout must be positive");
        }
    }

    /** Batches of up to 100, one request in flight, at most 1 ms in the buffer, 50 ms → 2 s backoff, fail after 30 s. */
    public static OrderIntentSinkSettings forService(URI endpoint, String token) {
        return new OrderIntentSinkSettings(endpoint, token, 100, 1, 10_000, 1, Duration.ofMillis(50), Duration.ofSeconds(2),
                Duration.ofSeconds(30), Duration.ofSeconds(10), null, null, null, Map.of());
    }

    public OrderIntentSinkSettings withFailAfter(Duration d) {
        return new OrderIntentSinkSettings(endpoint, token, maxBatchSize, maxInFlight, maxBuffered, maxTimeInBufferMs, initialBackoff,
                maxBackoff, d, requestTimeout, deadLetterBootstrap, deadLetterTopic, refusalReportsTopic, kafkaProperties);
    }

    public OrderIntentSinkSettings withBatching(int batchSize, int inFlight, long maxTimeInBufferMs) {
        return new OrderIntentSinkSettings(endpoint, token, batchSize, inFlight, Math.max(maxBuffered, batchSize), maxTimeInBufferMs,
                initialBackoff, maxBackoff, failAfter, requestTimeout, deadLetterBootstrap, deadLetterTopic, refusalReportsTopic, kafkaProperties);
    }

    public OrderIntentSinkSettings withBackoff(Duration initial, Duration max) {
        return new OrderIntentSinkSettings(endpoint, token, maxBatchSize, maxInFlight, maxBuffered, maxTimeInBufferMs, initial, max,
                failAfter, requestTimeout, deadLetterBootstrap, deadLetterTopic, refusalReportsTopic, kafkaProperties);
    }

    /** Intents the service refuses (4xx other than 401, 403 and 429) go to {@code topic} on {@code bootstrap} as dead letters. */
    public OrderIntentSinkSettings withDeadLetters(String bootstrap, String topic) {
        return new OrderIntentSinkSettings(endpoint, token, maxBatchSize, maxInFlight, maxBuffered, maxTimeInBufferMs, initialBackoff,
                maxBackoff, failAfter, requestTimeout, bootstrap, topic, refusalReportsTopic, kafkaProperties);
    }

    /**
     * A refused intent's legs are reported REJECTED on {@code topic} (the executions topic the job reads back), and the
     * producer gets these Kafka client properties.
     */
    public OrderIntentSinkSettings withRefusalReports(String topic, Map<String, String> kafka) {
        return new OrderIntentSinkSettings(endpoint, token, maxBatchSize, maxInFlight, maxBuffered, maxTimeInBufferMs, initialBackoff,
                maxBackoff, failAfter, requestTimeout, deadLetterBootstrap, deadLetterTopic, topic, kafka);
    }

    @Override
    public String toString() {
        return "OrderIntentSinkSettings[endpoint=" + endpoint + ", token=***, batch=" + maxBatchSize + ", inFlight=" + maxInFlight
                + ", buffered=" + maxBuffered + ", maxTimeInBufferMs=" + maxTimeInBufferMs + ", backoff=" + initialBackoff + ".."
                + maxBackoff + ", failAfter=" + failAfter + ", requestTimeout=" + requestTimeout + ", deadLetters=" + deadLetterTopic
                + ", refusalReports=" + refusalReportsTopic + ", kafkaProperties=" + new java.util.TreeSet<>(kafkaProperties.keySet()) + "]";
    }
}
