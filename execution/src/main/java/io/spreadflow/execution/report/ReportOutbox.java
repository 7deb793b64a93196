package io.spreadflow.execution.report;

import io.spreadflow.execution.ServiceMetrics;
import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.execution.ledger.IntentLedger;
import io.spreadflow.execution.ledger.OutboxReport;
import io.spreadflow.connectors.kafka.KafkaClientSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes the ledger's reports to {@code executions} (binary Avro, key = instrument) in ledger
 * order, through an idempotent producer, and marks each published once Kafka acknowledged it. A report
 * written to the ledger is therefore published even if the service stops right after: the next run
 * finds it unpublished. A report may reach Kafka twice only when the service stops between the
 * acknowledgement and the mark; readers deduplicate on (intentId, legIndex).
 */
public final class ReportOutbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReportOutbox.class);
    private static final int BATCH = 500;
    private static final AvroSerde<io.spreadflow.schemas.ExecutionReport> REPORTS = AvroSerde.executionReport();

    private final IntentLedger ledger;
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final ServiceMetrics metrics;
    private final Semaphore work = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long failingSinceMs = -1;

    public ReportOutbox(IntentLedger ledger, KafkaClientSettings kafka, String topic, ServiceMetrics metrics) {
        this.ledger = ledger;
        this.topic = topic;
        this.metrics = metrics;
        Properties p = new Properties();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "spreadflow-execution-reports");
        this.producer = new KafkaProducer<>(kafka.producer(p), new StringSerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "execution-report-outbox");
        thread.setDaemon(true);
        thread.start();
        wake();
    }

    /** Reports were written: publish them soon. */
    public void wake() {
        work.release();
    }

    private void run() {
        while (running) {
            try {
                work.tryAcquire(500, TimeUnit.MILLISECONDS);
                work.drainPermits();
                publishAll();
                failingSinceMs = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Kafka or the database is down: the reports stay in the outbox and the next round retries
                if (failingSinceMs < 0) failingSinceMs = System.currentTimeMillis();
                LOG.warn("publishing execution reports failed, will retry: {}", e.toString());
                sleepQuietly();
            }
        }
    }

    private void publishAll() throws InterruptedException {
        List<OutboxReport> batch;
        while (running && !(batch = ledger.unpublished(BATCH)).isEmpty()) {
            List<Future<?>> acks = new ArrayList<>();
            for (OutboxReport r : batch) {
                acks.add(producer.send(new ProducerRecord<>(topic, null, null, r.report().getInstrument(),
                        REPORTS.toBytes(r.report()), REPORTS.headers())));
            }
            List<Long> done = new ArrayList<>();
            for (int i = 0; i < acks.size(); i++) {
                try {
                    acks.get(i).get(30, TimeUnit.SECONDS);
                    done.add(batch.get(i).seq());
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    ledger.markPublished(done);
                    throw new IllegalStateException("Kafka did not acknowledge report " + batch.get(i).seq() + ": " + e, e);
                }
            }
            ledger.markPublished(done);
            metrics.reportsPublished.add(done.size());
        }
    }

    /** Whether the publishing thread runs. */
    public boolean alive() {
        return running && thread.isAlive();
    }

    /** Since when (wall clock) publishing fails, -1 while it succeeds. */
    public long failingSinceMs() {
        return failingSinceMs;
    }

    private void sleepQuietly() {
        try {
            work.tryAcquire(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Publishes what is pending (up to {@code timeout}), then stops. */
    @Override
    public void close() throws InterruptedException {
        wake();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && !ledger.unpublished(1).isEmpty()) Thread.sleep(20);
        running = false;
        wake();
        // a round under way finishes and marks what Kafka acknowledged; interrupting it would republish those
        thread.join(10_000);
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join(5_000);
        }
        producer.close(Duration.ofSeconds(5));
    }
}
