package io.spreadflow.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.spreadflow.cli.SpreadflowCli;
import io.spreadflow.job.JobOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs where the tests run, so the compose file is checked statically: the services
 * and images it promises, its ports, its references between services and to Dockerfiles, and that
 * every command it gives our images is one the CLI and the job actually accept.
 */
class DockerComposeTest {

    private static final Path DOCKER = Path.of(System.getProperty("spreadflow.root", "..")).resolve("docker");
    private static JsonNode compose;
    private static JsonNode services;

    @BeforeAll
    static void readCompose() throws IOException {
        compose = new ObjectMapper(new YAMLFactory()).readTree(DOCKER.resolve("compose.yaml").toFile());
        services = compose.get("services");
    }

    @Test
    void hasKafkaFlinkJobExecutionAndFeedServices() {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("kafka", "jobmanager", "taskmanager", "job", "execution", "feed", "topics");
    }

    @Test
    void imagesMatchTheVersionsTheProjectIsBuiltWith() {
        String kafkaVersion = AppInfoParser.getVersion();
        String flinkVersion = EnvironmentInformation.getVersion();
        assertThat(services.at("/kafka/image").asText()).isEqualTo("apache/kafka:" + kafkaVersion);
        assertThat(services.at("/jobmanager/image").asText()).startsWith("flink:" + flinkVersion + "-java17");
        assertThat(services.at("/taskmanager/image").asText()).isEqualTo(services.at("/jobmanager/image").asText());
        assertThat(services.at("/jobmanager/command").asText()).isEqualTo("jobmanager");
        assertThat(services.at("/taskmanager/command").asText()).isEqualTo("taskmanager");
    }

    @Test
    void kafkaRunsKraftWithoutTimeRetentionAndListensWhereClientsConnect() {
        JsonNode env = services.at("/kafka/environment");
        assertThat(env.get("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(env.get("KAFKA_LOG_RETENTION_MS").asText()).isEqualTo("-1");
        assertThat(env.get("KAFKA_ADVERTISED_LISTENERS").asText()).contains("PLAINTEXT://kafka:9092");
        for (String svc : List.of("topics", "execution", "feed", "job")) {
            String cmd = String.join(" ", command(svc));
            assertThat(cmd).as(svc).contains("kafka:9092");
        }
    }

    @Test
    void publishedPortsAreDistinctAndTheDocumentedOnes() {
        Set<String> hostPorts = new HashSet<>();
        services.fields().forEachRemaining(e -> {
            JsonNode ports = e.getValue().get("ports");
            if (ports == null) return;
            for (JsonNode p : ports) {
                String host = p.asText().split(":")[0];
                assertThat(hostPorts.add(host)).as("host port %s published twice", host).isTrue();
            }
        });
        assertThat(hostPorts).contains("8081", "9094", "8090");
        assertThat(services.at("/jobmanager/ports/0").asText()).isEqualTo("8081:8081");
        assertThat(services.at("/execution/ports/0").asText()).endsWith(":" + option(command("execution"), "--port"));
    }

    @Test
    void dependenciesNameExistingServices() {
        services.fields().forEachRemaining(e -> {
            JsonNode deps = e.getValue().get("depends_on");
            if (deps == null) return;
            List<String> names = new ArrayList<>();
            if (deps.isArray()) deps.forEach(d -> names.add(d.asText()));
            else deps.fieldNames().forEachRemaining(names::add);
            for (String d : names) assertThat(services.has(d)).as("%s depends on unknown service %s", e.getKey(), d).isTrue();
        });
    }

    @Test
    void dockerfilesExistAndStartClassesThatExist() throws Exception {
        Pattern mainClass = Pattern.compile("\"(io\\.spreadflow\\.[A-Za-z.]+)\"");
        List<JsonNode> builds = new ArrayList<>();
        services.forEach(s -> { if (s.has("build")) builds.add(s.get("build")); });
        assertThat(builds).isNotEmpty();
        for (JsonNode build : builds) {
            Path context = DOCKER.resolve(build.get("context").asText()).normalize();
            Path dockerfile = context.resolve(build.get("dockerfile").asText());
            assertThat(dockerfile).exists();
            String text = Files.readString(dockerfile);
            assertThat(text).contains("FROM ");
            Matcher m = mainClass.matcher(text);
            while (m.find()) assertThat(Class.forName(m.group(1))).isNotNull();
        }
    }

    @Test
    void commandsGivenToTheSpreadflowImageAreAcceptedByTheCli() {
        services.fields().forEachRemaining(e -> {
            if (!"spreadflow:latest".equals(e.getValue().path("image").asText())) return;
            String[] args = command(e.getKey()).toArray(String[]::new);
            assertThatCode(() -> SpreadflowCli.commandLine().parseArgs(args))
                    .as("service %s: spreadflow %s", e.getKey(), String.join(" ", args))
                    .doesNotThrowAnyException();
        });
    }

    @Test
    void jobSubmissionPassesArgumentsTheJobAccepts() {
        List<String> cmd = command("job");
        assertThat(cmd.subList(0, 2)).containsExactly("flink", "run");
        int jar = cmd.indexOf("/opt/spreadflow/spreadflow-job.jar");
        assertThat(jar).isPositive();
        String[] jobArgs = cmd.subList(jar + 1, cmd.size()).toArray(String[]::new);
        assertThatCode(() -> JobOptions.fromArgs(jobArgs)).doesNotThrowAnyException();
        assertThat(cmd.get(cmd.indexOf("-m") + 1)).isEqualTo("jobmanager:8081");
    }

    @Test
    void flinkPropertiesUseRocksDbAndCheckpoints() {
        String props = services.at("/jobmanager/environment/FLINK_PROPERTIES").asText();
        assertThat(props).contains("jobmanager.rpc.address: jobmanager", "state.backend.type: rocksdb",
                "execution.checkpointing.interval:");
        assertThat(services.at("/taskmanager/environment/FLINK_PROPERTIES").asText()).isEqualTo(props);
    }

    private static List<String> command(String service) {
        List<String> out = new ArrayList<>();
        services.get(service).get("command").forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String option(List<String> args, String name) {
        return args.get(args.indexOf(name) + 1);
    }
}
