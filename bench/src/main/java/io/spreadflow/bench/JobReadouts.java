package io.spreadflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spreadflow.connectors.kafka.Topics;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** What {@link ScaleBench} reads off the running job: a metric over the REST API, and the instruments the job filled. */
final class JobReadouts {

    private JobReadouts() {}

    /** The sum over every subtask of the job's metric {@code name} (REST API, {@code /jobs/<id>/vertices/<id>/metrics}). */
    static int sumMetric(URI rest, JobID job, String name) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        String base = rest.toString().replaceAll("/$", "") + "/jobs/" + job;
        // the metric fetcher fills its store on the first request: ask again until the subtasks' values are there
        for (int attempt = 0; attempt < 20; attempt++) {
            TimeUnit.SECONDS.sleep(1);
            int sum = 0;
            int found = 0;
            for (JsonNode v : get(http, json, base).path("vertices")) {
                String vertex = base + "/vertices/" + v.path("id").asText() + "/metrics";
                List<String> ids = new ArrayList<>();
                for (JsonNode m : get(http, json, vertex)) if (m.path("id").asText().endsWith("." + name)) ids.add(m.path("id").asText());
                if (ids.isEmpty()) continue;
                for (JsonNode m : get(http, json, vertex + "?get=" + String.join(",", ids))) {
                    sum += (int) Double.parseDouble(m.path("value").asText("0"));
                    found++;
                }
            }
            if (found > 0 && attempt > 0) return sum;
        }
        return 0;
    }

    static JsonNode get(HttpClient http, ObjectMapper json, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url.replace(" ", "%20"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("GET " + url + ": HTTP " + r.statusCode() + " " + r.body());
        return json.readTree(r.body());
    }

    /** Distinct instruments (record keys) in the executions topic: those the in-job fill model filled. */
    static int instrumentsWithFills(String bootstrap) {
        Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Set<String> keys = new HashSet<>();
        try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(Topics.EXECUTIONS.topicName()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
            }
        }
        return keys.size();
    }
}
