package io.spreadflow.job.sink;

import io.spreadflow.schemas.OrderIntent;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.DequeRequestBuffer;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Posts batches of intents as one JSON array. A 2xx answer completes the batch; a network failure or
 * a 5xx/429 answer retries it after a backoff that doubles up to the configured maximum, until the
 * service has been failing for {@code failAfter}, when the writer fails the job. A 401 or 403 (a wrong
 * token: every intent would be refused) fails the job at once, with the service's message.
 *
 * <p>Any other 4xx refuses what was sent (an invalid intent, an id conflict, a body too large): retrying
 * cannot help, and failing the job would resend the same batch on every restart. A refused batch of
 * several intents is sent again one intent at a time, so that the others go through; each refused intent
 * becomes a dead letter (the service's status and answer as reason) on the configured topic, is logged
 * and counted ({@code refusedIntents}), and the job goes on for every other intent.
 */
final class OrderIntentSinkWriter extends AsyncSinkWriter<OrderIntent, IntentRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(OrderIntentSinkWriter.class);

    private final OrderIntentSinkSettings settings;
    private final HttpClient http;
    private final ScheduledExecutorService retries;
    private final String intentsUrl;
    /** When the current run of failures began; 0 while the service answers. Touched by HTTP callback threads. */
    private volatile long failingSinceNanos;
    private volatile long backoffMs;
    private final RefusedIntents refused;

    OrderIntentSinkWriter(ElementConverter<OrderIntent, IntentRequest> converter, WriterInitContext context, OrderIntentSinkSettings settings,
                          Collection<BufferedRequestState<IntentRequest>> states, int maxBatchSize, int maxInFlight, int maxBuffered,
                          long maxBatchBytes, long maxTimeInBufferMs, long maxRecordBytes) {
        super(converter, context, AsyncSinkWriterConfiguration.builder()
                .setMaxBatchSize(maxBatchSize).setMaxBatchSizeInBytes(maxBatchBytes).setMaxInFlightRequests(maxInFlight)
                .setMaxBufferedRequests(maxBuffered).setMaxTimeInBufferMS(maxTimeInBufferMs).setMaxRecordSizeInBytes(maxRecordBytes)
                .setRateLimitingStrategy(new SendWhenIdle(maxInFlight, maxBatchSize))
                .build(), states, new WholeBufferBatches<>(maxBatchSize, maxBatchBytes), new DequeRequestBuffer<>());
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).version(HttpClient.Version.HTTP_1_1).build();
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "order-intent-sink-retries");
            t.setDaemon(true);
            return t;
        });
        this.intentsUrl = settings.endpoint().toString().replaceAll("/+$", "") + "/v1/intents";
        this.backoffMs = settings.initialBackoff().toMillis();
        this.refused = new RefusedIntents(settings, context.metricGroup().counter("refusedIntents"));
    }

    private HttpRequest request(List<IntentRequest> entries) {
        return HttpRequest.newBuilder(java.net.URI.create(intentsUrl))
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + settings.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(entries)))
                .build();
    }

    /** A 4xx that refuses what was sent, as opposed to one that refuses the caller (401, 403) or asks to wait (429). */
    private static boolean refusesTheIntents(int status) {
        return status / 100 == 4 && status != 401 && status != 403 && status != 429;
    }

    @Override
    protected void submitRequestEntries(List<IntentRequest> entries, ResultHandler<IntentRequest> result) {
        http.sendAsync(request(entries), HttpResponse.BodyHandlers.ofString()).whenComplete((resp, error) -> {
            if (error == null && resp.statusCode() / 100 == 2) {
                answered();
                result.complete();
            } else if (error == null && refusesTheIntents(resp.statusCode())) {
                answered();
                if (entries.size() == 1) {
                    refused.add(entries.get(0), resp.statusCode(), resp.body());
                    result.complete();
                } else {
                    oneByOne(entries, 0, result);
                }
            } else if (error == null && resp.statusCode() / 100 == 4 && resp.statusCode() != 429) {
                result.completeExceptionally(new IOException("execution service refused " + entries.size() + " intents (first "
                        + entries.get(0).intentId() + "): HTTP " + resp.statusCode() + " " + resp.body()));
            } else {
                retryLater(entries, result, error != null ? error.toString() : "HTTP " + resp.statusCode() + " " + resp.body());
            }
        });
    }

    /** Sends {@code entries} from {@code i} on one at a time, after the service refused them together. */
    private void oneByOne(List<IntentRequest> entries, int i, ResultHandler<IntentRequest> result) {
        if (i == entries.size()) {
            result.complete();
            return;
        }
        IntentRequest entry = entries.get(i);
        http.sendAsync(request(List.of(entry)), HttpResponse.BodyHandlers.ofString()).whenComplete((resp, error) -> {
            if (error == null && resp.statusCode() / 100 == 2) {
                oneByOne(entries, i + 1, result);
            } else if (error == null && refusesTheIntents(resp.statusCode())) {
                refused.add(entry, resp.statusCode(), resp.body());
                oneByOne(entries, i + 1, result);
            } else if (error == null && resp.statusCode() / 100 == 4 && resp.statusCode() != 429) {
                result.completeExceptionally(new IOException("execution service refused intent " + entry.intentId() + ": HTTP "
                        + resp.statusCode() + " " + resp.body()));
            } else {
                // those already answered are in the ledger: sending them again gets the stored answer
                retryLater(entries.subList(i, entries.size()), result, error != null ? error.toString()
                        : "HTTP " + resp.statusCode() + " " + resp.body());
            }
        });
    }

    private void answered() {
        failingSinceNanos = 0;
        backoffMs = settings.initialBackoff().toMillis();
    }

    private void retryLater(List<IntentRequest> entries, ResultHandler<IntentRequest> result, String problem) {
        long now = System.nanoTime();
        if (failingSinceNanos == 0) failingSinceNanos = now;
        long failingMs = (now - failingSinceNanos) / 1_000_000;
        if (failingMs >= settings.failAfter().toMillis()) {
            result.completeExceptionally(new IOException("execution service at " + intentsUrl + " failing for " + failingMs
                    + " ms (fail-after " + settings.failAfter().toMillis() + " ms): " + problem));
            return;
        }
        long delay = backoffMs;
        backoffMs = Math.min(settings.maxBackoff().toMillis(), Math.max(1, backoffMs * 2));
        LOG.warn("execution service request failed ({}); retrying {} intents in {} ms", problem, entries.size(), delay);
        retries.schedule(() -> result.retryForEntries(entries), delay, TimeUnit.MILLISECONDS);
    }

    private static byte[] body(List<IntentRequest> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(entries.size() * 400);
        out.write('[');
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) out.write(',');
            out.writeBytes(entries.get(i).json());
        }
        out.write(']');
        return out.toByteArray();
    }

    @Override
    protected long getSizeInBytes(IntentRequest entry) {
        return entry.json().length;
    }

    @Override
    public void close() {
        super.close();
        retries.shutdownNow();
        refused.close();
    }

}
