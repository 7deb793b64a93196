package io.spreadflow.connectors.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.InvalidMetadataException;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The project's Kafka topics, their partition counts, and an idempotent way to create them.
 *
 * <p>Every producer keys by instrument, so all records of one instrument land in one partition
 * whatever the venue. {@code ticks} has several partitions so a keyed job can read them in
 * parallel; the audit and dead-letter topics are small.
 */
public enum Topics {
    /** {@code BookTicker}, key = instrument. */
    TICKS("ticks", 4),
    /** {@code Signal}, key = instrument. */
    SIGNALS("signals", 4),
    /** {@code OrderIntent} audit copy, key = instrument. */
    ORDER_INTENTS("order-intents", 4),
    /** {@code ExecutionReport}, key = instrument; the job reads it back to update positions. */
    EXECUTIONS("executions", 4),
    /** {@code DeadLetter}: tick input that was not accepted, with its origin and reason. */
    TICKS_DLQ("ticks.dlq", 1),
    /** {@code DeadLetter}: intents the execution service refused (4xx), with its answer. */
    ORDER_INTENTS_DLQ("order-intents.dlq", 1),
    /** Feed health as JSON (connected, disconnected, stale, live again, update-id gaps), key = venue. */
    FEED_STATUS("feed.status", 1);

    /** The client port of a local broker, {@code spreadflow kafka}'s default. */
    public static final int DEFAULT_PORT = 9092;

    /** Where clients look for Kafka when told nothing else: a local broker such as {@code spreadflow kafka}. */
    public static final String DEFAULT_BOOTSTRAP = "localhost:" + DEFAULT_PORT;

    private static final int ADMIN_TIMEOUT_MS = 30_000;
    private static final long LEADER_RETRY_MS = 50;

    private final String topicName;
    private final int partitions;

    Topics(String topicName, int partitions) {
        this.topicName = topicName;
        this.partitions = partitions;
    }

    /** The topic name on Kafka. */
    public String topicName() {
        return topicName;
    }

    /** The default number of partitions. */
    public int partitions() {
        return partitions;
    }

    /** Every topic with its default partition count, in declaration order. */
    public static Map<String, Integer> defaults() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Topics t : values()) m.put(t.topicName, t.partitions);
        return m;
    }

    /**
     * Parses {@code ticks:4,signals:1,my-topic} (a missing count means this project's default for
     * a known topic, else 1).
     *
     * @throws IllegalArgumentException on an empty name or a count that is not a positive integer
     */
    public static Map<String, Integer> parse(String spec) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String s = part.trim();
            if (s.isEmpty()) continue;
            int colon = s.lastIndexOf(':');
            String name = colon < 0 ? s : s.substring(0, colon).trim();
            if (name.isEmpty()) throw new IllegalArgumentException("empty topic name in '" + spec + "'");
            int n;
            if (colon < 0) {
                n = Arrays.stream(values()).filter(t -> t.topicName.equals(name)).mapToInt(Topics::partitions).findFirst().orElse(1);
            } else {
                try {
                    n = Integer.parseInt(s.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("partition count of topic '" + name + "' is not an integer: '" + s + "'");
                }
                if (n < 1) throw new IllegalArgumentException("partition count of topic '" + name + "' must be ≥ 1, was " + n);
            }
            m.put(name, n);
        }
        return m;
    }

    /** Creates every project topic that does not exist yet, with its default partition count. */
    public static void ensureTopics(String bootstrapServers) {
        ensureTopics(bootstrapServers, defaults());
    }

    /** {@link #ensureTopics(String, Map)} at {@code bootstrapServers}, without client properties. */
    public static List<String> ensureTopics(String bootstrapServers, Map<String, Integer> partitionsByTopic) {
        return ensureTopics(KafkaClientSettings.of(bootstrapServers), partitionsByTopic);
    }

    /**
     * Creates the topics that do not exist yet (replication factor: 1 on a one-broker cluster, else
     * the broker default). Existing topics are left as they are, whatever their partition count.
     *
     * @return the names that were created by this call
     */
    public static List<String> ensureTopics(KafkaClientSettings kafka, Map<String, Integer> partitionsByTopic) {
        String bootstrapServers = kafka.bootstrapServers();
        try (Admin admin = admin(kafka)) {
            Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            int brokers = admin.describeCluster().nodes().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS).size();
            List<NewTopic> missing = new ArrayList<>();
            partitionsByTopic.forEach((name, n) -> {
                if (!existing.contains(name)) {
                    missing.add(brokers == 1 ? new NewTopic(name, n, (short) 1) : new NewTopic(name, Optional.of(n), Optional.empty()));
                }
            });
            List<String> created = new ArrayList<>();
            for (var e : admin.createTopics(missing).values().entrySet()) {
                try {
                    e.getValue().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    created.add(e.getKey());
                } catch (ExecutionException ex) {
                    // a concurrent creator won the race: the topic is there, which is all we want
                    if (!(ex.getCause() instanceof TopicExistsException)) throw ex;
                }
            }
            awaitLeaders(admin, partitionsByTopic.keySet());
            return created;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics " + partitionsByTopic.keySet() + " on " + bootstrapServers
                    + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within " + ADMIN_TIMEOUT_MS + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * Returns once every partition of the topics answers on its leader. A new topic's partitions are
     * announced before their leader serves them; an idempotent producer whose first batch meets
     * NOT_LEADER there while a later batch gets through is stuck on an out-of-order sequence until its
     * delivery timeout. Listing offsets goes to each partition's leader and is retried by the admin
     * client until the leader answers.
     */
    private static void awaitLeaders(Admin admin, Set<String> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (topics.isEmpty()) return;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ADMIN_TIMEOUT_MS);
        while (true) {
            try {
                // describing a topic created a moment ago can itself meet a broker that does not know it yet
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS).values()) {
                    for (TopicPartitionInfo p : d.partitions()) latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
                }
                admin.listOffsets(latest).all().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                // the admin client does not retry a leader that does not host its new partition yet
                if (!(e.getCause() instanceof InvalidMetadataException) || System.nanoTime() > deadline) throw e;
                TimeUnit.MILLISECONDS.sleep(LEADER_RETRY_MS);
            }
        }
    }

    /** Waits until a broker at {@code bootstrapServers} answers, or throws after {@code timeoutMs}. */
    public static void awaitBroker(String bootstrapServers, long timeoutMs) {
        awaitBroker(KafkaClientSettings.of(bootstrapServers), timeoutMs);
    }

    /** {@link #awaitBroker(String, long)} with client properties (security). */
    public static void awaitBroker(KafkaClientSettings kafka, long timeoutMs) {
        String bootstrapServers = kafka.bootstrapServers();
        try (Admin admin = admin(kafka)) {
            admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " not reachable within " + timeoutMs + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    static Admin admin(String bootstrapServers) {
        return admin(KafkaClientSettings.of(bootstrapServers));
    }

    static Admin admin(KafkaClientSettings kafka) {
        return Admin.create(adminProperties(kafka));
    }

    static java.util.Properties adminProperties(KafkaClientSettings kafka) {
        java.util.Properties p = new java.util.Properties();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ADMIN_TIMEOUT_MS);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ADMIN_TIMEOUT_MS);
        return kafka.admin(p);
    }
}
