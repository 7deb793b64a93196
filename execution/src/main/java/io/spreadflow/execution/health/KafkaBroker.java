package io.spreadflow.execution.health;

import io.spreadflow.connectors.kafka.KafkaClientSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Asks a Kafka cluster whether it answers, so that the service can refuse to start without one. */
public final class KafkaBroker {

    private KafkaBroker() {}

    /**
     * Returns once a broker at {@code bootstrap} described its cluster, or throws after {@code waitMs}.
     *
     * @throws IllegalStateException naming the address, the wait and what to do instead
     */
    public static void awaitAnswer(KafkaClientSettings kafka, long waitMs) throws InterruptedException {
        String bootstrap = kafka.bootstrapServers();
        Properties p = new Properties();
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "spreadflow-execution-startup");
        int timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, waitMs));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(timeout));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(timeout));
        // one address that does not resolve should not throw before the wait is over
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        try (Admin admin = Admin.create(kafka.admin(p))) {
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeout)).nodes()
                    .get(timeout + 1_000L, TimeUnit.MILLISECONDS).size();
            if (nodes == 0) throw noAnswer(bootstrap, waitMs, "the cluster has no brokers");
        } catch (ExecutionException | TimeoutException e) {
            throw noAnswer(bootstrap, waitMs, e instanceof ExecutionException ee && ee.getCause() != null
                    ? ee.getCause().getClass().getSimpleName() : "timed out");
        } catch (org.apache.kafka.common.KafkaException e) {
            // e.g. an address that cannot be parsed or resolved
            throw noAnswer(bootstrap, waitMs, e.getMessage());
        }
    }

    private static IllegalStateException noAnswer(String bootstrap, long waitMs, String why) {
        return new IllegalStateException("no Kafka broker answered at " + bootstrap + " within " + Duration.ofMillis(waitMs).toSeconds()
                + " s (" + why + "). Start one (./spreadflow kafka), name another with --bootstrap HOST:PORT, or run without books "
                + "and published reports with --no-kafka");
    }
}
